package dev.klaxon.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/** How long one shift of a layer lasts: a wall-clock period of the schedule's zone, or elapsed time. */
public sealed interface ShiftLength permits ShiftLength.Wall, ShiftLength.Elapsed {

    /** Days, weeks, months or years on the wall clock: a 09:00 handoff stays at 09:00 local across DST. */
    record Wall(Period period) implements ShiftLength {
        public Wall {
            Objects.requireNonNull(period, "period");
            if (period.isZero() || period.getYears() < 0 || period.getMonths() < 0 || period.getDays() < 0) {
                throw new IllegalArgumentException("shift length must be positive, got " + period);
            }
        }

        @java.lang.Override
        public String toString() {
            return period.toString();
        }
    }

    /** Elapsed time: PT12H is always twelve real hours, so a 08:00 handoff drifts to 07:00 or 09:00 across DST. */
    record Elapsed(Duration duration) implements ShiftLength {
        public Elapsed {
            Objects.requireNonNull(duration, "duration");
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException("shift length must be positive, got " + duration);
            }
        }

        @java.lang.Override
        public String toString() {
            return duration.toString();
        }
    }

    /**
     * Parses an ISO-8601 length: a period without a time part ({@code P1D}, {@code P1W}, {@code P2W}, {@code P1M})
     * or a duration with only a time part ({@code PT8H}, {@code PT12H}).
     *
     * @throws IllegalArgumentException when the text is not ISO-8601, is zero or negative, or mixes date and
     *                                  time units such as {@code P1DT2H}
     */
    static ShiftLength parse(String iso) {
        if (iso == null || iso.isBlank()) {
            throw new IllegalArgumentException("shift length is required, e.g. P1W or PT12H");
        }
        String text = iso.strip().toUpperCase(Locale.ROOT);
        if (text.startsWith("-") || text.startsWith("+")) {
            throw new IllegalArgumentException("shift length must be positive, got '" + iso + "'");
        }
        if (!text.startsWith("P")) {
            throw new IllegalArgumentException("shift length '" + iso + "' is not an ISO-8601 length such as P1W or PT12H");
        }
        int t = text.indexOf('T');
        if (t > 1) {
            // Duration.parse would read P1DT2H as 26 hours, but a day here means a wall-clock day.
            throw new IllegalArgumentException("shift length '" + iso
                    + "' mixes date and time units; use either a period (P1D, P1W) or a duration (PT12H)");
        }
        try {
            if (t == 1) {
                Duration duration = Duration.parse(text);
                if (duration.isZero() || duration.isNegative()) {
                    throw new IllegalArgumentException("shift length must be positive, got '" + iso + "'");
                }
                return new Elapsed(duration);
            }
            Period period = Period.parse(text);
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("shift length must be positive, got '" + iso + "'");
            }
            return new Wall(period);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("shift length '" + iso + "' is not an ISO-8601 length such as P1W or PT12H", e);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("shift length '" + iso + "' is invalid: " + e.getMessage(), e);
        }
    }

    /** The ISO-8601 text of this length, as {@link #parse} reads it. */
    default String iso() {
        return toString();
    }
}
