package dev.klaxon.notify.render;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The words of a page, per channel. Pure. */
public final class PageText {

    /** Two concatenated SMS segments of GSM-7 (153 septets each) — Twilio bills and splits beyond that. */
    static final int SMS_MAX = 306;
    /** Two concatenated segments of UCS-2 (67 UTF-16 units each): one non-GSM character switches the whole SMS. */
    static final int SMS_MAX_UCS2 = 134;
    /** The longest SMS we ever send: three segments, only when the link alone does not fit in two. */
    static final int SMS_HARD_MAX = 459;

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Characters of the GSM-7 extension table: each costs two septets (escape + code). */
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";
    private static final Map<Integer, String> LOOKALIKES = Map.ofEntries(
            Map.entry(0x2018, "'"), Map.entry(0x2019, "'"), Map.entry(0x201A, "'"), Map.entry(0x201B, "'"),
            Map.entry(0x2032, "'"), Map.entry(0x00B4, "'"), Map.entry(0x0060, "'"),
            Map.entry(0x201C, "\""), Map.entry(0x201D, "\""), Map.entry(0x201E, "\""), Map.entry(0x2033, "\""),
            Map.entry(0x00AB, "\""), Map.entry(0x00BB, "\""), Map.entry(0x2039, "'"), Map.entry(0x203A, "'"),
            Map.entry(0x2010, "-"), Map.entry(0x2011, "-"), Map.entry(0x2012, "-"), Map.entry(0x2013, "-"),
            Map.entry(0x2014, "-"), Map.entry(0x2015, "-"), Map.entry(0x2212, "-"),
            Map.entry(0x2026, "..."), Map.entry(0x2022, "*"), Map.entry(0x00B7, "."),
            Map.entry(0x00A0, " "), Map.entry(0x2002, " "), Map.entry(0x2003, " "), Map.entry(0x2009, " "),
            Map.entry(0x200A, " "), Map.entry(0x202F, " "), Map.entry(0x200B, ""), Map.entry(0xFEFF, ""),
            Map.entry(0x00D7, "x"), Map.entry(0x00F7, "/"), Map.entry(0x2264, "<="), Map.entry(0x2265, ">="),
            Map.entry(0x2260, "!="), Map.entry(0x2192, "->"), Map.entry(0x2190, "<-"), Map.entry(0x2122, "TM"),
            Map.entry(0x00A9, "(c)"), Map.entry(0x00AE, "(R)"), Map.entry(0x00B0, " deg"), Map.entry(0x00B5, "u"),
            Map.entry(0x00E7, "c"), Map.entry(0x0142, "l"), Map.entry(0x0141, "L"), Map.entry(0x0111, "d"),
            Map.entry(0x00F0, "d"), Map.entry(0x00FE, "th"), Map.entry(0x0153, "oe"), Map.entry(0x0152, "OE"));

    private PageText() {
    }

    /**
     * The page as an SMS: number, severity, summary, ack link and reply codes within two segments. The summary is
     * transliterated to GSM-7 where a lookalike exists (quotes, dashes, accents); if characters without one remain
     * (CJK, emoji) the message is UCS-2 and the budget shrinks to 134 characters. The link always survives.
     */
    public static String sms(long number, String severity, String summary, String ackUrl) {
        String head = "Klaxon #" + number + " " + severity.toUpperCase(Locale.ROOT) + ": ";
        String link = "\nAck: " + ackUrl;
        return fit(head, transliterate(oneLine(summary)), List.of(link + "\nor reply " + number + "a (c resolve, e escalate)",
                link + "\nReply " + number + "a to ack", link));
    }

    /** One message for many alerts: how many, on which services, how to acknowledge them all, the list. */
    public static String bundleSms(int count, List<String> services, String listUrl) {
        String link = "\nList: " + listUrl;
        return fit("Klaxon: " + count + " alerts on ", transliterate(serviceList(services)),
                List.of(" - reply aa to acknowledge all" + link, " - reply aa" + link, link));
    }

    public static String spoken(long number, String severity, String summary) {
        String s = oneLine(summary);
        if (s.length() > 300) {
            s = s.substring(0, 300);
        }
        return "This is Klaxon with a " + severity.toLowerCase(Locale.ROOT) + " alert, number "
                + spell(number) + ". " + s + ".";
    }

    public static String spokenBundle(int count, List<String> services, String newestSummary) {
        String s = oneLine(newestSummary);
        if (s.length() > 200) {
            s = s.substring(0, 200);
        }
        return "This is Klaxon. There are " + count + " alerts on " + serviceList(services) + ". The newest: " + s + ".";
    }

    public static String subject(long number, String severity, String summary) {
        String s = oneLine(summary);
        return "[Klaxon #" + number + " " + severity.toUpperCase(Locale.ROOT) + "] " + (s.length() > 150 ? s.substring(0, 150) + "…" : s);
    }

    public static String bundleSubject(int count, List<String> services) {
        return "[Klaxon] " + count + " alerts on " + serviceList(services);
    }

    /** Digits spoken one by one read clearly on a bad line: "1 2 3". */
    static String spell(long number) {
        return String.join(" ", Long.toString(number).split(""));
    }

    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    }

    /** "payments-api", "payments-api and checkout", "payments-api, checkout and 3 more". */
    static String serviceList(List<String> services) {
        List<String> names = services.stream().distinct().toList();
        if (names.isEmpty()) {
            return "several services";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        if (names.size() == 2) {
            return names.get(0) + " and " + names.get(1);
        }
        return names.get(0) + ", " + names.get(1) + " and " + (names.size() - 2) + " more";
    }

    // ---- SMS encoding

    /** True when every character is in the GSM-7 alphabet (basic or extension table). */
    public static boolean isGsm(String s) {
        return s.codePoints().allMatch(c -> c < 0x10000 && (GSM_BASIC.indexOf(c) >= 0 || GSM_EXTENSION.indexOf(c) >= 0));
    }

    /** Length as the SMS encoding counts it: septets for GSM-7 (extension characters count two), else UTF-16 units. */
    public static int smsLength(String s) {
        if (!isGsm(s)) {
            return s.length();
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += GSM_EXTENSION.indexOf(s.charAt(i)) >= 0 ? 2 : 1;
        }
        return n;
    }

    /** Segments Twilio will send: 160/153 septets for GSM-7, 70/67 UTF-16 units for UCS-2. */
    public static int smsSegments(String s) {
        boolean gsm = isGsm(s);
        int len = smsLength(s);
        int single = gsm ? 160 : 70;
        int multi = gsm ? 153 : 67;
        return len <= single ? 1 : (len + multi - 1) / multi;
    }

    /** Replaces characters outside GSM-7 by lookalikes where one exists; others are kept (the SMS becomes UCS-2). */
    static String transliterate(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            String ch = new String(Character.toChars(c));
            if (isGsm(ch)) {
                b.append(ch);
                return;
            }
            String lookalike = LOOKALIKES.get(c);
            if (lookalike != null) {
                b.append(lookalike);
                return;
            }
            String base = Normalizer.normalize(ch, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
            b.append(!base.isEmpty() && isGsm(base) ? base : ch);
        });
        return b.toString();
    }

    /**
     * head + text + tail within two segments of whichever encoding the result needs, trying the tails in order
     * (longest first) and cutting the text; when even the last (shortest) tail leaves no room, the text keeps 20
     * characters and the message may run to a third segment — the tail, which carries the link, is never cut.
     */
    private static String fit(String head, String text, List<String> tails) {
        for (String tail : tails) {
            String whole = head + text + tail;
            int budget = isGsm(whole) ? SMS_MAX : SMS_MAX_UCS2;
            if (smsLength(whole) <= budget) {
                return whole;
            }
            int room = budget - smsLength(head + tail);
            if (room >= Math.min(20, text.length())) {
                return head + cut(text, room) + tail;
            }
        }
        return head + cut(text, 20) + tails.get(tails.size() - 1);
    }

    /** At most {@code room} units of the text (as its encoding counts them), ending in "..." when cut. */
    private static String cut(String text, int room) {
        if (smsLength(text) <= room) {
            return text;
        }
        int keep = Math.max(0, room - 3);
        StringBuilder b = new StringBuilder();
        int[] cps = text.codePoints().toArray();
        for (int c : cps) {
            String next = b + new String(Character.toChars(c));
            if (smsLength(next) > keep) {
                break;
            }
            b.appendCodePoint(c);
        }
        return b.toString().stripTrailing() + "...";
    }
}
