package dev.klaxon.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * The alert state machine as plain values: given an alert's state and an action, the new state and the timeline
 * entry, or why nothing changes. Pure; {@link AlertService} and {@link AlertLifecycle} load the alert, call a
 * transition, store the state, write the entry and fire the event that goes with it.
 *
 * <pre>
 * TRIGGERED --acknowledge--> ACKNOWLEDGED --acknowledgement expired (ack timeout, snooze end)--> TRIGGERED
 * TRIGGERED | ACKNOWLEDGED --resolve--> RESOLVED          ACKNOWLEDGED --escalate--> TRIGGERED
 * </pre>
 */
public final class AlertTransitions {

    private AlertTransitions() {
    }

    /** A line for the alert's timeline. @param actor who did it, or null for Klaxon itself */
    public record Entry(TimelineKind kind, String actor, String message) {
    }

    /** What a transition did. */
    public sealed interface Result permits Changed, Unchanged {
    }

    public record Changed(AlertState state, Entry entry) implements Result {
    }

    /** Nothing changed, and why (said to whoever asked when it matters, e.g. a conflict). */
    public record Unchanged(String why) implements Result {
    }

    /** Only a triggered alert can be acknowledged; escalation stops until it re-triggers. */
    public static Result acknowledge(AlertState s, String actor, String surface, Instant now) {
        if (s.status() != AlertStatus.TRIGGERED) {
            return new Unchanged("the alert is already " + s.status().json());
        }
        return new Changed(new AlertState(AlertStatus.ACKNOWLEDGED, now, actor, s.resolvedAt(), null,
                s.ackExpiresAt(), s.snoozedUntil(), s.escalationCycle(), s.escalationRound(), s.escalationStep()),
                new Entry(TimelineKind.ACKNOWLEDGED, actor, "Acknowledged by " + actor + " via " + surface));
    }

    /** A triggered or acknowledged alert can be resolved; escalation stops for good. */
    public static Result resolve(AlertState s, String actor, String surface, Instant now) {
        if (s.status() == AlertStatus.RESOLVED) {
            return new Unchanged("the alert is already resolved");
        }
        return new Changed(new AlertState(AlertStatus.RESOLVED, s.acknowledgedAt(), s.acknowledgedBy(), now, null,
                s.ackExpiresAt(), s.snoozedUntil(), s.escalationCycle(), s.escalationRound(), s.escalationStep()),
                new Entry(TimelineKind.RESOLVED, actor, "Resolved by " + actor + " via " + surface));
    }

    /** A human asks for the next step now; an acknowledged alert becomes triggered again. */
    public static Result escalate(AlertState s, String actor, String surface) {
        if (s.status() == AlertStatus.RESOLVED) {
            return new Unchanged("the alert is resolved");
        }
        boolean acked = s.status() == AlertStatus.ACKNOWLEDGED;
        return new Changed(new AlertState(AlertStatus.TRIGGERED, acked ? null : s.acknowledgedAt(),
                acked ? null : s.acknowledgedBy(), s.resolvedAt(), s.nextEscalationAt(), s.ackExpiresAt(),
                s.snoozedUntil(), s.escalationCycle(), s.escalationRound(), s.escalationStep()),
                new Entry(TimelineKind.ESCALATION_REQUESTED, actor, "Escalation requested by " + actor + " via " + surface));
    }

    /**
     * Sets the end of a snooze on an acknowledged alert (the caller acknowledges a triggered one first): at
     * {@code now + duration} it re-triggers unless resolved. A resolved alert cannot be snoozed.
     */
    public static Result snooze(AlertState s, String actor, String surface, Duration duration, Instant now) {
        if (s.status() == AlertStatus.RESOLVED) {
            return new Unchanged("a resolved alert cannot be snoozed");
        }
        Instant until = now.plus(duration);
        return new Changed(new AlertState(s.status(), s.acknowledgedAt(), s.acknowledgedBy(), s.resolvedAt(),
                s.nextEscalationAt(), until, until, s.escalationCycle(), s.escalationRound(), s.escalationStep()),
                new Entry(TimelineKind.SNOOZED, actor, "Snoozed by " + actor + " via " + surface + " for " + duration
                        + ": re-triggers at " + until + " unless resolved"));
    }

    /**
     * An acknowledgement (or snooze) ran out before anyone resolved the alert: it re-triggers in a new escalation
     * cycle, and escalation restarts at step 1 with no step due yet (the engine pages it).
     */
    public static Result acknowledgementExpired(AlertState s) {
        if (s.status() != AlertStatus.ACKNOWLEDGED) {
            return new Unchanged("the alert is " + s.status().json() + ", not acknowledged");
        }
        boolean snoozed = s.snoozedUntil() != null;
        String message = snoozed
                ? "Snooze ended; re-triggered, escalation restarts at step 1"
                : "Acknowledged by " + s.acknowledgedBy() + " at " + s.acknowledgedAt()
                  + " but not resolved within the ack timeout; re-triggered, escalation restarts at step 1";
        return new Changed(new AlertState(AlertStatus.TRIGGERED, null, null, s.resolvedAt(), null, null, null,
                s.escalationCycle() + 1, 0, 0),
                new Entry(snoozed ? TimelineKind.SNOOZE_ENDED : TimelineKind.ACK_TIMEOUT, null, message));
    }
}
