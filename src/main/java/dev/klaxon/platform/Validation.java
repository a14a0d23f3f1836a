package dev.klaxon.platform;

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

    public boolean ok() {
        return violations.isEmpty();
    }

    /** A required, non-blank string of at most {@link #MAX_TEXT} characters (code points) without control characters; returns it trimmed. */
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

    /**
     * An optional string of at most {@code max} characters without control characters; returns it trimmed. Characters
     * are Unicode code points ({@link Text#length}), so "🔥" counts one.
     */
    public String optionalText(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (Text.longerThan(v, max)) {
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
