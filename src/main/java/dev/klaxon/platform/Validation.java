package dev.klaxon.platform;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Collects field violations of a request body and throws them together as one 400. */
public final class Validation {

    public static final int MAX_TEXT = 1024;

    private final List<Problem.Violation> violations = new ArrayList<>();

    public static Validation start() {
        return new Validation();
    }

    public Validation add(String field, String message) {
        violations.add(new Problem.Violation(field, message));
        return this;
    }

    /** The violations collected so far, in the order found. */
    public List<Problem.Violation> violations() {
        return List.copyOf(violations);
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    /** A required, non-blank string of sane length without control characters; returns it trimmed. */
    public String text(String field, String value) {
        return text(field, value, MAX_TEXT);
    }

    public String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
            return null;
        }
        return optionalText(field, value, max);
    }

    public String optionalText(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            add(field, "must be at most " + max + " characters");
        } else if (v.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            add(field, "must not contain control characters");
        }
        return v;
    }

    public <T> T required(String field, T value) {
        if (value == null) {
            add(field, "is required");
        }
        return value;
    }

    /** Parses with the given function; a failure becomes a violation naming what was expected. */
    public <T> T parse(String field, String value, Function<String, T> parser, String expected) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
            return null;
        }
        try {
            return parser.apply(value.strip());
        } catch (RuntimeException e) {
            add(field, "must be " + expected);
            return null;
        }
    }

    public <T> T optionalParse(String field, String value, Function<String, T> parser, String expected) {
        return value == null ? null : parse(field, value, parser, expected);
    }

    /**
     * Instants a request may carry: from {@link #EARLIEST} (inclusive) to {@link #LATEST} (exclusive). Far wider than
     * any schedule or report needs, far inside what PostgreSQL and {@code java.time} arithmetic can hold.
     */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** A required ISO-8601 instant with offset ({@code 2026-03-29T01:30:00Z}, {@code …+02:00}) within the range above. */
    public Instant instant(String field, String value) {
        Instant t = parse(field, value, Validation::parseInstant, "an ISO-8601 instant with offset, such as 2026-03-29T01:30:00Z");
        if (t != null && (t.isBefore(EARLIEST) || !t.isBefore(LATEST))) {
            add(field, "must be between " + EARLIEST + " and " + LATEST);
            return null;
        }
        return t;
    }

    public Instant optionalInstant(String field, String value) {
        return value == null ? null : instant(field, value);
    }

    private static Instant parseInstant(String s) {
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /**
     * A required ISO-8601 duration ({@code PT5M}, {@code P1D}) of whole seconds between {@code min} and {@code max}
     * inclusive; anything else — fractions that would round to zero, overflowing values — is a violation.
     */
    public Duration duration(String field, String value, Duration min, Duration max) {
        Duration d = parse(field, value, Duration::parse, "an ISO-8601 duration such as " + (min.isZero() ? max : min));
        if (d == null) {
            return null;
        }
        if (d.getNano() != 0) {
            add(field, "must be whole seconds");
            return null;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            add(field, "must be between " + min + " and " + max);
            return null;
        }
        return d;
    }

    public Duration optionalDuration(String field, String value, Duration min, Duration max) {
        return value == null ? null : duration(field, value, min, max);
    }

    public UUID id(String field, String value) {
        return parse(field, value, UUID::fromString, "an id");
    }

    public <E extends Enum<E>> E enumValue(String field, String value, Class<E> type) {
        return parse(field, value, v -> Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT)),
                "one of " + List.of(type.getEnumConstants()));
    }

    public void check() {
        if (!violations.isEmpty()) {
            throw KlaxonException.invalid(violations);
        }
    }

    /** Parses a path or query id; an id that is not one of ours is simply not found. */
    public static UUID pathId(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (RuntimeException e) {
            throw KlaxonException.notFound(what);
        }
    }
}
