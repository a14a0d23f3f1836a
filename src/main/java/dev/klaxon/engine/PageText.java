package dev.klaxon.engine;

import java.util.Locale;

/** The words of a page, per channel. Pure. */
public final class PageText {

    /** Two concatenated SMS segments of GSM-7 (153 each) — Twilio bills and splits beyond that. */
    static final int SMS_MAX = 306;

    private PageText() {
    }

    public static String sms(long number, String severity, String summary, String ackUrl) {
        String head = "Klaxon #" + number + " " + severity.toUpperCase(Locale.ROOT) + ": ";
        String tail = "\nAck: " + ackUrl + "\nor reply " + number + "a (c resolve, e escalate)";
        String s = oneLine(summary);
        int room = SMS_MAX - head.length() - tail.length();
        if (room < 20) {
            tail = "\nReply " + number + "a to ack";
            room = SMS_MAX - head.length() - tail.length();
        }
        if (s.length() > room) {
            s = s.substring(0, Math.max(0, room - 1)) + "…";
        }
        return head + s + tail;
    }

    public static String spoken(long number, String severity, String summary) {
        String s = oneLine(summary);
        if (s.length() > 300) {
            s = s.substring(0, 300);
        }
        return "This is Klaxon with a " + severity.toLowerCase(Locale.ROOT) + " alert, number "
                + spell(number) + ". " + s + ".";
    }

    public static String subject(long number, String severity, String summary) {
        String s = oneLine(summary);
        return "[Klaxon #" + number + " " + severity.toUpperCase(Locale.ROOT) + "] " + (s.length() > 150 ? s.substring(0, 150) + "…" : s);
    }

    /** Digits spoken one by one read clearly on a bad line: "1 2 3". */
    static String spell(long number) {
        return String.join(" ", Long.toString(number).split(""));
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    }
}
