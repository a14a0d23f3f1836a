package dev.klaxon.notify.render;

import dev.klaxon.schedule.Gap;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The words of schedule notices — handoff reminders and coverage gaps — in the reader's zone, named. Pure. */
public final class ScheduleNoticeText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    /** Gaps listed in one message; the rest are counted. */
    static final int MAX_LISTED_GAPS = 10;

    private ScheduleNoticeText() {
    }

    /**
     * "You are on call for Primary from 09:00 Europe/Berlin, Mon 5 Jan, until 09:00 Mon 12 Jan". When the end lies
     * beyond what was computed, it reads "until at least …".
     */
    public static String handoff(String schedule, Instant start, Instant end, boolean endKnown, ZoneId zone) {
        return "You are on call for " + oneLine(schedule) + " from " + TIME.format(start.atZone(zone)) + " "
                + zone.getId() + ", " + DAY.format(start.atZone(zone)) + ", until " + (endKnown ? "" : "at least ")
                + at(end, zone);
    }

    public static String handoffSubject(String schedule, Instant start, ZoneId zone) {
        return "Klaxon: you are on call for " + oneLine(schedule) + " from " + at(start, zone);
    }

    public static String gapSubject(String schedule) {
        return "Klaxon: nobody will be on call for " + oneLine(schedule) + " at times";
    }

    /** The message for email and push: every gap on its own line (up to a limit), and what to do about them. */
    public static String gaps(String schedule, List<Gap> gaps, Instant horizon, ZoneId zone) {
        StringBuilder b = new StringBuilder("Nobody will be on call for ").append(oneLine(schedule))
                .append(" at these times (").append(zone.getId()).append("):\n");
        for (int i = 0; i < gaps.size() && i < MAX_LISTED_GAPS; i++) {
            b.append("- ").append(span(gaps.get(i), horizon, zone)).append('\n');
        }
        if (gaps.size() > MAX_LISTED_GAPS) {
            b.append("- and ").append(gaps.size() - MAX_LISTED_GAPS).append(" more\n");
        }
        return b.append("An alert for ").append(oneLine(schedule))
                .append(" then reaches nobody through this schedule. Add an override or change its layers.").toString();
    }

    /** The message for SMS, used only when someone has nothing quieter: the first gap and a count. */
    public static String gapsShort(String schedule, List<Gap> gaps, Instant horizon, ZoneId zone) {
        String more = gaps.size() > 1 ? " and " + (gaps.size() - 1) + " more time" + (gaps.size() > 2 ? "s" : "") : "";
        return "Klaxon: nobody will be on call for " + oneLine(schedule) + " " + span(gaps.get(0), horizon, zone)
                + " (" + zone.getId() + ")" + more + ". Add an override or change the layers.";
    }

    private static String span(Gap g, Instant horizon, ZoneId zone) {
        return "from " + at(g.start(), zone) + " until " + (g.end().isBefore(horizon) ? "" : "at least ") + at(g.end(), zone);
    }

    private static String at(Instant t, ZoneId zone) {
        return TIME.format(t.atZone(zone)) + " " + DAY.format(t.atZone(zone));
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    }
}
