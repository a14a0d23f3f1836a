package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.klaxon.platform.Problem;
import dev.klaxon.platform.Validation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Small, strict readers over a parsed body that collect violations instead of throwing on the first. */
final class Json {

    static final int MAX_SUMMARY = 1024;
    static final int MAX_DEDUP_KEY = 255;

    /** Violations are collected by the one validation helper, like the API's. */
    private final Validation checks = Validation.start();

    /** Records that {@code field} breaks a rule; parsing goes on to find the others. */
    void add(String field, String message) {
        checks.add(field, message);
    }

    /** What was found wrong so far. */
    List<Problem.Violation> violations() {
        return checks.violations();
    }

    String text(JsonNode parent, String field, boolean required, int max) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            if (required) add(field, "is required");
            return null;
        }
        if (!n.isTextual()) {
            add(field, "must be a string");
            return null;
        }
        String v = clean(n.asText());
        if (required && v.isBlank()) {
            add(field, "must not be blank");
            return null;
        }
        if (v.length() > max) {
            add(field, "must be at most " + max + " characters");
            return null;
        }
        return v;
    }

    void fail() {
        checks.check();
    }

    /** Control characters (other than newline and tab) would corrupt SMS and speech; they become spaces. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) && c != '\n' && c != '\t' ? ' ' : c));
        return b.toString().strip();
    }

    /**
     * The same tree with every string and field name storable: PostgreSQL refuses NUL in text and in jsonb, and a
     * lone UTF-16 surrogate cannot be encoded; other control characters (but newline and tab) become spaces.
     */
    static JsonNode storable(JsonNode n) {
        if (n.isTextual()) {
            String t = n.textValue();
            String s = storable(t);
            return s == t ? n : TextNode.valueOf(s);
        }
        if (n.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            n.properties().forEach(e -> out.set(storable(e.getKey()), storable(e.getValue())));
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(n.size());
            n.forEach(e -> out.add(storable(e)));
            return out;
        }
        return n;
    }

    static String storable(String s) {
        boolean clean = true;
        for (int i = 0; i < s.length() && clean; i++) {
            char c = s.charAt(i);
            clean = !(Character.isISOControl(c) && c != '\n' && c != '\t') && !Character.isSurrogate(c);
        }
        if (clean) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append('\uFFFD');
            } else {
                b.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }

    /** The first non-blank string among the nodes, or null. */
    static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n != null && n.isTextual() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }

    /** An optional object field: null when absent or JSON null, a violation when it is something else. */
    JsonNode object(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            add(path, "must be an object");
            return null;
        }
        return n;
    }

    /** A stable dedup key from free text that may be too long to use as one. */
    static String digestKey(String prefix, String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(d, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most {@code max} characters, never splitting a surrogate pair (half an emoji cannot be encoded). */
    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
