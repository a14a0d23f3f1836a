package dev.klaxon.schedule;

import java.nio.charset.StandardCharsets;

/**
 * Folds iCalendar content lines as RFC 5545 §3.1 says: no line longer than 75 octets of UTF-8 (not characters),
 * excluding the CRLF; a continuation line starts with one space, which counts toward its 75; a multi-octet
 * character (and a surrogate pair) is never split. ical4j's own FoldingWriter counts UTF-16 units, so a name with
 * non-ASCII characters came out at up to twice the limit. Pure.
 */
final class ContentLines {

    /** RFC 5545 §3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break." */
    static final int MAX_OCTETS = 75;

    private ContentLines() {
    }

    /**
     * @param unfolded content lines separated by CRLF (or LF), none folded yet
     * @return the same lines, each folded at {@value #MAX_OCTETS} octets, every line ending in CRLF
     */
    static String fold(String unfolded) {
        StringBuilder out = new StringBuilder(unfolded.length() + unfolded.length() / 60 * 3);
        for (String line : unfolded.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int octets = 0;
            for (int i = 0; i < line.length(); ) {
                int cp = line.codePointAt(i);
                int size = utf8Length(cp);
                if (octets + size > MAX_OCTETS) {
                    out.append("\r\n ");
                    octets = 1;
                }
                out.appendCodePoint(cp);
                octets += size;
                i += Character.charCount(cp);
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    /** The longest line in octets of UTF-8, line break excluded: what a strict reader checks. */
    static int longestLine(String ics) {
        int max = 0;
        for (String line : ics.split("\r\n")) {
            max = Math.max(max, line.getBytes(StandardCharsets.UTF_8).length);
        }
        return max;
    }
}
