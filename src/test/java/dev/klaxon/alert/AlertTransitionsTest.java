package dev.klaxon.alert;

import dev.klaxon.alert.AlertTransitions.Changed;
import dev.klaxon.alert.AlertTransitions.Entry;
import dev.klaxon.alert.AlertTransitions.Result;
import dev.klaxon.alert.AlertTransitions.Unchanged;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import static dev.klaxon.alert.AlertStatus.ACKNOWLEDGED;
import static dev.klaxon.alert.AlertStatus.RESOLVED;
import static dev.klaxon.alert.AlertStatus.TRIGGERED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The alert state machine as a table; plain JUnit, no Quarkus, no database. */
class AlertTransitionsTest {

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofMinutes(20));
    static final Instant DUE = T0.plus(Duration.ofMinutes(5));
    static final Duration HOUR = Duration.ofHours(1);

    /** Triggered at T0, on step 2 of pass 1, step 3 due at DUE. */
    static final AlertState TRIGGERED_ON_STEP_2 = new AlertState(TRIGGERED, null, null, null, DUE, null, null, 0, 0, 1);
    static final AlertState ACKED_BY_ANA = new AlertState(ACKNOWLEDGED, T0, "ana", null, null, T0.plus(HOUR), null, 0, 0, 1);
    static final AlertState SNOOZED = new AlertState(ACKNOWLEDGED, T0, "ana", null, null, T0.plus(HOUR), T0.plus(HOUR), 2, 0, 1);
    static final AlertState RESOLVED_AT_T0 = new AlertState(RESOLVED, null, null, T0, null, null, null, 0, 0, 1);

    record Row(String name, AlertState before, Function<AlertState, Result> action, Result expected) {
    }

    private static Function<AlertState, Result> ack() {
        return s -> AlertTransitions.acknowledge(s, "bob", "sms", NOW);
    }

    private static Function<AlertState, Result> resolve() {
        return s -> AlertTransitions.resolve(s, "bob", "api", NOW);
    }

    private static Function<AlertState, Result> escalate() {
        return s -> AlertTransitions.escalate(s, "bob", "api");
    }

    private static Function<AlertState, Result> snooze() {
        return s -> AlertTransitions.snooze(s, "bob", "api", HOUR, NOW);
    }

    private static Function<AlertState, Result> expired() {
        return AlertTransitions::acknowledgementExpired;
    }

    @Test
    void table() {
        List<Row> rows = List.of(
                new Row("acknowledging a triggered alert stops escalation and says who and how",
                        TRIGGERED_ON_STEP_2, ack(),
                        new Changed(new AlertState(ACKNOWLEDGED, NOW, "bob", null, null, null, null, 0, 0, 1),
                                new Entry(TimelineKind.ACKNOWLEDGED, "bob", "Acknowledged by bob via sms"))),
                new Row("acknowledging twice changes nothing", ACKED_BY_ANA, ack(),
                        new Unchanged("the alert is already acknowledged")),
                new Row("a resolved alert cannot be acknowledged", RESOLVED_AT_T0, ack(),
                        new Unchanged("the alert is already resolved")),
                new Row("resolving a triggered alert", TRIGGERED_ON_STEP_2, resolve(),
                        new Changed(new AlertState(RESOLVED, null, null, NOW, null, null, null, 0, 0, 1),
                                new Entry(TimelineKind.RESOLVED, "bob", "Resolved by bob via api"))),
                new Row("resolving an acknowledged alert keeps who acknowledged it", ACKED_BY_ANA, resolve(),
                        new Changed(new AlertState(RESOLVED, T0, "ana", NOW, null, T0.plus(HOUR), null, 0, 0, 1),
                                new Entry(TimelineKind.RESOLVED, "bob", "Resolved by bob via api"))),
                new Row("resolving twice changes nothing", RESOLVED_AT_T0, resolve(),
                        new Unchanged("the alert is already resolved")),
                new Row("escalating a triggered alert keeps its position; the engine moves it", TRIGGERED_ON_STEP_2,
                        escalate(), new Changed(TRIGGERED_ON_STEP_2,
                                new Entry(TimelineKind.ESCALATION_REQUESTED, "bob", "Escalation requested by bob via api"))),
                new Row("escalating an acknowledged alert triggers it again", ACKED_BY_ANA, escalate(),
                        new Changed(new AlertState(TRIGGERED, null, null, null, null, T0.plus(HOUR), null, 0, 0, 1),
                                new Entry(TimelineKind.ESCALATION_REQUESTED, "bob", "Escalation requested by bob via api"))),
                new Row("a resolved alert cannot be escalated", RESOLVED_AT_T0, escalate(),
                        new Unchanged("the alert is resolved")),
                new Row("snoozing sets when the alert re-triggers", ACKED_BY_ANA, snooze(),
                        new Changed(new AlertState(ACKNOWLEDGED, T0, "ana", null, null, NOW.plus(HOUR), NOW.plus(HOUR),
                                0, 0, 1), new Entry(TimelineKind.SNOOZED, "bob", "Snoozed by bob via api for PT1H: re-triggers at "
                                + NOW.plus(HOUR) + " unless resolved"))),
                new Row("snoozing a snoozed alert sets the new end", SNOOZED, snooze(),
                        new Changed(new AlertState(ACKNOWLEDGED, T0, "ana", null, null, NOW.plus(HOUR), NOW.plus(HOUR),
                                2, 0, 1), new Entry(TimelineKind.SNOOZED, "bob", "Snoozed by bob via api for PT1H: re-triggers at "
                                + NOW.plus(HOUR) + " unless resolved"))),
                new Row("a resolved alert cannot be snoozed", RESOLVED_AT_T0, snooze(),
                        new Unchanged("a resolved alert cannot be snoozed")),
                new Row("an acknowledgement that ran out re-triggers in a new cycle from step 1", ACKED_BY_ANA, expired(),
                        new Changed(new AlertState(TRIGGERED, null, null, null, null, null, null, 1, 0, 0),
                                new Entry(TimelineKind.ACK_TIMEOUT, null, "Acknowledged by ana at " + T0 + " but not resolved "
                                        + "within the ack timeout; re-triggered, escalation restarts at step 1"))),
                new Row("a snooze that ended re-triggers and says so", SNOOZED, expired(),
                        new Changed(new AlertState(TRIGGERED, null, null, null, null, null, null, 3, 0, 0),
                                new Entry(TimelineKind.SNOOZE_ENDED, null,
                                        "Snooze ended; re-triggered, escalation restarts at step 1"))),
                new Row("only an acknowledged alert expires", TRIGGERED_ON_STEP_2, expired(),
                        new Unchanged("the alert is triggered, not acknowledged")));
        for (Row r : rows) {
            assertEquals(r.expected(), r.action().apply(r.before()), r.name());
        }
    }
}
