package dev.klaxon.schedule;

import java.time.Instant;
import java.util.Objects;

/** Puts {@code userId} on call for [start, end), replacing whoever the layers say. Named to avoid java.lang.Override. */
public record ScheduleOverride(String userId, Instant start, Instant end) {

    public ScheduleOverride {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("override end " + end + " must be after its start " + start);
        }
    }

    public boolean covers(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
