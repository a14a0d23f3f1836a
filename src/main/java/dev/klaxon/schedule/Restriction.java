package dev.klaxon.schedule;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A window of local time in which a layer is active. The window opens at {@code start} on each listed day
 * (every day when {@code days} is empty or null) and closes at {@code end} the same day, or the next day when
 * {@code end <= start}; {@code end == start} is a full 24-hour window.
 */
public record Restriction(Set<DayOfWeek> days, LocalTime start, LocalTime end) {

    public Restriction {
        Objects.requireNonNull(start, "restriction start");
        Objects.requireNonNull(end, "restriction end");
        days = days == null || days.isEmpty()
                ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /** A window on every day of the week. */
    public static Restriction daily(LocalTime start, LocalTime end) {
        return new Restriction(Set.of(), start, end);
    }

    /** Whether a window opens on the given day. */
    public boolean opensOn(DayOfWeek day) {
        return days.isEmpty() || days.contains(day);
    }

    /** Whether the window closes on the day after it opens. */
    public boolean crossesMidnight() {
        return !end.isAfter(start);
    }
}
