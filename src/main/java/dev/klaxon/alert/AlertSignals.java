package dev.klaxon.alert;

import java.util.UUID;

/**
 * What happened to an alert, fired synchronously inside the transaction that changed it, so whatever the
 * engine does in response (page step 0, cancel pending pages) commits or rolls back with it.
 */
public final class AlertSignals {

    private AlertSignals() {
    }

    /** A new alert opened (or an acknowledged one was re-triggered): start escalating from step 0. */
    public record Triggered(UUID alertId) {
    }

    /** A human asked to move to the next step now. */
    public record EscalateRequested(UUID alertId, String actor) {
    }

    /** Acknowledged or resolved: nothing more should be sent. */
    public record Stopped(UUID alertId, AlertStatus status) {
    }
}
