package dev.klaxon.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the console writes instants and lengths for people: in their zone, and how long ago. Pure. */
public final class TimeText {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    /** An instant as {@link Instant#toString()} writes it. */
    private static final Pattern INSTANT = Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?Z");

    private TimeText() {
    }

    /** "Sun 22 Nov 04:30 CET"; empty for null. */
    public static String at(Instant t, ZoneId zone) {
        return t == null ? "" : DAY_TIME.format(t.atZone(zone));
    }

    /**
     * The text with every ISO-8601 instant in it ({@code 2026-11-22T03:30:00Z}, as timeline lines store them) written
     * as {@link #at} in the zone; anything else unchanged.
     */
    public static String instantsIn(String text, ZoneId zone) {
        if (text == null) {
            return null;
        }
        return INSTANT.matcher(text).replaceAll(m -> {
            try {
                return Matcher.quoteReplacement(at(Instant.parse(m.group()), zone));
            } catch (DateTimeParseException e) {
                return Matcher.quoteReplacement(m.group());
            }
        });
    }

    /** "04:30" in the zone. */
    public static String time(Instant t, ZoneId zone) {
        return TIME.format(t.atZone(zone));
    }

    /** "Sun 22 Nov". */
    public static String day(ZonedDateTime t) {
        return DAY.format(t);
    }

    /** "3 min ago", "2 h 5 min ago", "in 4 h"; "just now" under a minute either way. */
    public static String relative(Instant t, Instant now) {
        Duration d = Duration.between(t, now);
        boolean past = !d.isNegative();
        String len = length(d.abs());
        if (len.isEmpty()) {
            return "just now";
        }
        return past ? len + " ago" : "in " + len;
    }

    /** "2 d 3 h", "45 min"; whole minutes, the two largest units; empty under a minute. */
    public static String length(Duration d) {
        long minutes = d.toMinutes();
        long days = minutes / 1440;
        long hours = minutes % 1440 / 60;
        long mins = minutes % 60;
        if (days > 0) {
            return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (mins > 0 ? " " + mins + " min" : "");
        }
        return mins > 0 ? mins + " min" : "";
    }
}
