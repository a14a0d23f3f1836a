package dev.klaxon.platform;

/**
 * The one rule for how long a text is and how it is shortened. Klaxon counts Unicode code points — what a person
 * counts as characters — never UTF-16 units: "🔥" is one character, not two. Pure.
 */
public final class Text {

    /** Appended to a shortened text; it counts as one of the {@code max} characters. */
    public static final String ELLIPSIS = "…";

    private Text() {
    }

    /** The number of Unicode code points in {@code s} (0 for null). A lone surrogate counts as one. */
    public static int length(String s) {
        return s == null ? 0 : s.codePointCount(0, s.length());
    }

    /** True when {@code s} has more than {@code max} code points. */
    public static boolean longerThan(String s, int max) {
        // cheap first: a string of at most max UTF-16 units has at most max code points
        return s != null && s.length() > max && length(s) > max;
    }

    /**
     * {@code s} itself when it has at most {@code max} code points; otherwise its first {@code max - 1} code points
     * (trailing white space and a dangling zero-width joiner dropped) followed by "…", so the result has at most
     * {@code max} code points and never ends inside a surrogate pair. Null stays null.
     *
     * @param max at least 1
     */
    public static String shorten(String s, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        if (!longerThan(s, max)) {
            return s;
        }
        int end = s.offsetByCodePoints(0, max - 1);
        String head = s.substring(0, end);
        while (!head.isEmpty()) {
            int last = head.codePointBefore(head.length());
            if (!Character.isWhitespace(last) && last != 0x200D) {
                break;
            }
            head = head.substring(0, head.length() - Character.charCount(last));
        }
        return head + ELLIPSIS;
    }
}
