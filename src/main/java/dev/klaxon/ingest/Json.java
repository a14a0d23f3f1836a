package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klaxon.platform.Problem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Small, strict readers over a parsed body that collect violations instead of throwing on the first. */
final class Json {

    static final int MAX_SUMMARY = 1024;
    static final int MAX_DEDUP_KEY = 255;

    final List<Problem.Violation> violations = new ArrayList<>();

    String text(JsonNode parent, String field, boolean required, int max) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            if (required) violations.add(new Problem.Violation(field, "is required"));
            return null;
        }
        if (!n.isTextual()) {
            violations.add(new Problem.Violation(field, "must be a string"));
            return null;
        }
        String v = clean(n.asText());
        if (required && v.isBlank()) {
            violations.add(new Problem.Violation(field, "must not be blank"));
            return null;
        }
        if (v.length() > max) {
            violations.add(new Problem.Violation(field, "must be at most " + max + " characters"));
            return null;
        }
        return v;
    }

    void fail() throws InvalidPayload {
        if (!violations.isEmpty()) {
            throw new InvalidPayload(violations);
        }
    }

    /** Control characters (other than newline and tab) would corrupt SMS and speech; they become spaces. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) && c != '\n' && c != '\t' ? ' ' : c));
        return b.toString().strip();
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

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
