package dev.klaxon.ack;

import dev.klaxon.alert.Alert;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * After a human acted on an alert, what Klaxon will do next, in a sentence: "Escalation stopped; it re-triggers at
 * 04:30 CET (in 30 min) if not resolved." Pure: takes the alert as it is now, the instant and the reader's zone.
 */
public final class WhatHappensNext {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("EEE HH:mm z", Locale.ENGLISH);

    private WhatHappensNext() {
    }

    public static String of(Alert a, Instant now, ZoneId zone) {
        return switch (a.status) {
            case RESOLVED -> "Resolved: nobody else is paged for it. A new trigger from the monitor opens a new alert.";
            case ACKNOWLEDGED -> a.ackExpiresAt == null
                    ? "Escalation stopped. It stays acknowledged until someone resolves it."
                    : "Escalation stopped; it re-triggers at " + at(a.ackExpiresAt, zone) + " (in "
                    + length(Duration.between(now, a.ackExpiresAt)) + ") if not resolved.";
            case TRIGGERED -> a.pagingDeferredUntil != null && a.pagingDeferredUntil.isAfter(now)
                    ? "Paging waits for a maintenance window ending at " + at(a.pagingDeferredUntil, zone) + "."
                    : a.nextEscalationAt == null
                    ? "Still triggered: the people paged so far keep being notified until someone acknowledges."
                    : "Still triggered: the next escalation step is paged at " + at(a.nextEscalationAt, zone)
                    + " (in " + length(Duration.between(now, a.nextEscalationAt)) + ") unless someone acknowledges.";
        };
    }

    private static String at(Instant t, ZoneId zone) {
        return AT.format(t.atZone(zone));
    }

    private static String length(Duration d) {
        long m = Math.max(0, (d.getSeconds() + 59) / 60);
        return m < 60 ? m + " min" : m / 60 + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
    }
}
