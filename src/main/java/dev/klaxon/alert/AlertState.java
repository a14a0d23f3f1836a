package dev.klaxon.alert;

import java.time.Instant;

/**
 * The part of an alert its transitions read and change, as a value. {@link AlertTransitions} takes one and returns
 * the next; {@link #of} and {@link #applyTo} copy it from and onto the stored {@link Alert}.
 *
 * @param escalationCycle how many times the alert was re-triggered after an acknowledgement (0 for a new alert)
 * @param escalationRound the pass through the escalation policy (0-based)
 * @param escalationStep  the step of that pass (0-based)
 */
public record AlertState(AlertStatus status, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
                         Instant nextEscalationAt, Instant ackExpiresAt, Instant snoozedUntil, int escalationCycle,
                         int escalationRound, int escalationStep) {

    public static AlertState of(Alert a) {
        return new AlertState(a.status, a.acknowledgedAt, a.acknowledgedBy, a.resolvedAt, a.nextEscalationAt,
                a.ackExpiresAt, a.snoozedUntil, a.escalationCycle == null ? 0 : a.escalationCycle, a.escalationRound,
                a.escalationStep);
    }

    /** Copies this state onto the alert; a cycle of 0 stays as stored (null on alerts that never re-triggered). */
    public void applyTo(Alert a) {
        a.status = status;
        a.acknowledgedAt = acknowledgedAt;
        a.acknowledgedBy = acknowledgedBy;
        a.resolvedAt = resolvedAt;
        a.nextEscalationAt = nextEscalationAt;
        a.ackExpiresAt = ackExpiresAt;
        a.snoozedUntil = snoozedUntil;
        if (escalationCycle != (a.escalationCycle == null ? 0 : a.escalationCycle)) {
            a.escalationCycle = escalationCycle;
        }
        a.escalationRound = escalationRound;
        a.escalationStep = escalationStep;
    }
}
