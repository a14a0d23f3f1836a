package dev.klaxon.service;

import java.time.Duration;

/**
 * The range of a service's ackTimeout and autoResolve and of a heartbeat interval: PT1M to P30D, checked at the edge
 * (400 naming the field). A value stored before that check existed is used as the nearest bound, so one row can
 * never overflow the arithmetic of a sweep or of an acknowledgement.
 */
public final class Timers {

    public static final Duration MIN = Duration.ofMinutes(1);
    public static final Duration MAX = Duration.ofDays(30);

    private Timers() {
    }

    /** Seconds as stored, clamped into [{@link #MIN}, {@link #MAX}]; null stays null. */
    public static Duration bounded(Long seconds) {
        if (seconds == null) {
            return null;
        }
        return Duration.ofSeconds(Math.max(MIN.toSeconds(), Math.min(MAX.toSeconds(), seconds)));
    }
}
