package dev.klaxon.schedule;

import java.time.Instant;

/** {@code userId} is on call during [start, end). */
public record Shift(String userId, Instant start, Instant end) {

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
