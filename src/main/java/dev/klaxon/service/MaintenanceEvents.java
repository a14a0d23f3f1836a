package dev.klaxon.service;

import java.util.UUID;

/** Fired in the transaction that changed a service's maintenance windows. */
public final class MaintenanceEvents {

    private MaintenanceEvents() {
    }

    /** A window was removed: paging that waited for it may be due now. */
    public record WindowRemoved(UUID serviceId) {
    }
}
