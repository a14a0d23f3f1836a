package dev.klaxon.schedule;

import java.time.Instant;

/** Nobody is on call during [start, end). */
public record Gap(Instant start, Instant end) {

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
