package dev.klaxon.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a JSON body could not be read, in words for the sender: what is wrong and which limit it broke, never a
 * Jackson class, setting or Java type name (STYLE.md). The field at fault is the caller's to add.
 */
public final class JsonErrorWords {

    /** Jackson's limit messages: "… (65) exceeds the maximum allowed (64, from …)". */
    private static final Pattern MAXIMUM = Pattern.compile("maximum allowed \\((\\d+)");

    private JsonErrorWords() {
    }

    /** A JSON parse or binding failure in one short line, without the field name. */
    public static String of(JsonProcessingException e) {
        JsonProcessingException root = e;
        while (root.getCause() instanceof JsonProcessingException inner && inner != root) {
            root = inner; // a binding error wrapping the parser's own
        }
        if (root instanceof InputCoercionException) {
            return "number out of range";
        }
        if (root instanceof StreamConstraintsException) {
            return limit(String.valueOf(root.getOriginalMessage()));
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null) {
            return "value " + abbreviate(String.valueOf(f.getValue())) + " is not " + describe(f.getTargetType());
        }
        String message = String.valueOf(root.getOriginalMessage());
        if (message.startsWith("Trailing token")) {
            return "unexpected data after the JSON document";
        }
        if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            return "expected " + describe(mi.getTargetType());
        }
        return "malformed JSON: " + abbreviate(scrub(message));
    }

    /** Which of the reader's limits ({@link StrictJson}, ingest's reader) the document broke, in plain words. */
    private static String limit(String message) {
        Matcher m = MAXIMUM.matcher(message);
        String max = m.find() ? m.group(1) : null;
        if (message.startsWith("Document nesting depth") || message.startsWith("Depth")) {
            return "nested deeper than " + (max == null ? StrictJson.MAX_NESTING : max) + " levels";
        }
        if (max != null && message.startsWith("Number")) {
            return "a number longer than " + max + " digits";
        }
        if (max != null && message.startsWith("String")) {
            return "a string longer than " + max + " characters";
        }
        if (max != null && message.startsWith("Name")) {
            return "a field name longer than " + max + " characters";
        }
        return "the JSON document is over a size limit";
    }

    /** Drops Jackson's pointers to its own settings and shortens Java type names to their last part. */
    private static String scrub(String message) {
        return message.replaceAll("\\s*\\((?:from|as per|set|enable|disable)[^)]*`[^)]*\\)", "")
                .replaceAll(":?\\s*not allowed as per `[^`]*`", "")
                .replaceAll("`(?:[a-z][\\w$]*\\.)+([\\w$]+)`", "$1")
                .replaceAll("`", "");
    }

    static String describe(Class<?> t) {
        if (t == String.class || CharSequence.class.isAssignableFrom(t)) return "a string";
        if (t == Integer.class || t == Long.class || t == Short.class || t == int.class || t == long.class
                || t == short.class) return "a whole number";
        if (Number.class.isAssignableFrom(t) || t.isPrimitive() && t != boolean.class) return "a number";
        if (t == Boolean.class || t == boolean.class) return "a boolean";
        if (List.class.isAssignableFrom(t) || t.isArray()) return "an array";
        if (t.isEnum()) return "one of " + List.of(t.getEnumConstants());
        if (t == java.time.Duration.class) return "an ISO-8601 duration such as PT5M";
        if (t == java.time.Instant.class || t == java.time.OffsetDateTime.class) return "an ISO-8601 instant such as 2026-03-29T01:30:00Z";
        if (t == java.util.UUID.class) return "an id";
        return "an object";
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        String clean = s.replaceAll("\\p{Cntrl}", " ");
        return Text.shorten(clean, 121);
    }
}
