package dev.klaxon.schedule;

import dev.klaxon.directory.UserService;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Problem;
import dev.klaxon.platform.TimeZones;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a schedule document as the API writes it: every problem becomes a field violation in one 400, and
 * nothing is stored unless all is well. Also parses the day names restrictions use.
 */
final class ScheduleDocCheck {

    private ScheduleDocCheck() {
    }

    static DayOfWeek day(String s) {
        String u = s.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(u) || d.name().startsWith(u) && u.length() == 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day " + s);
    }

    record Checked(String name, String zone, Duration handoffReminder) {
    }

    /** Every problem with a schedule document, as field violations in one 400; nothing is stored unless all is well. */
    static Checked validate(ScheduleService.ScheduleDoc doc, UserService users) {
        if (doc == null) {
            throw KlaxonException.badRequest("a JSON body is required");
        }
        List<Problem.Violation> v = new ArrayList<>();
        String name = null;
        if (doc.name() == null || doc.name().isBlank()) {
            v.add(new Problem.Violation("name", "is required"));
        } else if (doc.name().strip().length() > 200) {
            v.add(new Problem.Violation("name", "must be at most 200 characters"));
        } else if (doc.name().chars().anyMatch(Character::isISOControl)) {
            v.add(new Problem.Violation("name", "must not contain control characters"));
        } else {
            name = doc.name().strip();
        }
        String zone = null;
        if (doc.timeZone() == null || doc.timeZone().isBlank()) {
            v.add(new Problem.Violation("timeZone", "is required"));
        } else if (!TimeZones.isIana(doc.timeZone())) {
            v.add(new Problem.Violation("timeZone", "must be an IANA time zone such as Europe/Berlin, not '"
                    + clip(doc.timeZone()) + "'"));
        } else {
            zone = doc.timeZone();
        }
        Duration reminder = null;
        if (doc.handoffReminder() != null) {
            try {
                reminder = Duration.parse(doc.handoffReminder().strip());
                if (reminder.compareTo(ScheduleService.MIN_HANDOFF_REMINDER) < 0 || reminder.compareTo(ScheduleService.MAX_HANDOFF_REMINDER) > 0) {
                    v.add(new Problem.Violation("handoffReminder", "must be between " + ScheduleService.MIN_HANDOFF_REMINDER
                            + " and " + ScheduleService.MAX_HANDOFF_REMINDER));
                }
            } catch (RuntimeException e) {
                v.add(new Problem.Violation("handoffReminder", "must be an ISO-8601 duration such as PT1H"));
            }
        }
        if (doc.layers() == null) {
            v.add(new Problem.Violation("layers", "is required"));
        } else {
            validateLayers(doc.layers(), users, v);
        }
        if (!v.isEmpty()) {
            throw KlaxonException.invalid(v);
        }
        return new Checked(name, zone, reminder);
    }

    private static void validateLayers(List<Schedule.LayerDoc> layers, UserService users, List<Problem.Violation> v) {
        if (layers.size() > ScheduleService.MAX_LAYERS) {
            v.add(new Problem.Violation("layers", "at most " + ScheduleService.MAX_LAYERS + " layers"));
            return;
        }
        List<UUID> participants = new ArrayList<>();
        List<String> participantFields = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Schedule.LayerDoc l = layers.get(i);
            String f = "layers[" + i + "]";
            if (l == null) {
                v.add(new Problem.Violation(f, "must be an object"));
                continue;
            }
            if (l.name() != null && l.name().length() > 200) {
                v.add(new Problem.Violation(f + ".name", "must be at most 200 characters"));
            }
            rotationStart(v, f + ".rotationStart", l.rotationStart());
            shiftLength(v, f + ".shiftLength", l.shiftLength());
            if (l.participants() == null || l.participants().isEmpty()) {
                v.add(new Problem.Violation(f + ".participants", "must name at least one user"));
            } else if (l.participants().size() > ScheduleService.MAX_PARTICIPANTS) {
                v.add(new Problem.Violation(f + ".participants", "at most " + ScheduleService.MAX_PARTICIPANTS + " per layer"));
            } else {
                for (int p = 0; p < l.participants().size(); p++) {
                    String field = f + ".participants[" + p + "]";
                    try {
                        participants.add(UUID.fromString(String.valueOf(l.participants().get(p))));
                        participantFields.add(field);
                    } catch (RuntimeException e) {
                        v.add(new Problem.Violation(field, "must be a user id"));
                    }
                }
            }
            if (l.restrictions() != null) {
                if (l.restrictions().size() > ScheduleService.MAX_RESTRICTIONS) {
                    v.add(new Problem.Violation(f + ".restrictions", "at most " + ScheduleService.MAX_RESTRICTIONS + " per layer"));
                    continue;
                }
                for (int r = 0; r < l.restrictions().size(); r++) {
                    Schedule.RestrictionDoc rd = l.restrictions().get(r);
                    String rf = f + ".restrictions[" + r + "]";
                    if (rd == null) {
                        v.add(new Problem.Violation(rf, "must be an object"));
                        continue;
                    }
                    time(v, rf + ".start", rd.start());
                    time(v, rf + ".end", rd.end());
                    if (rd.days() != null) {
                        for (String d : rd.days()) {
                            try {
                                day(String.valueOf(d));
                            } catch (RuntimeException e) {
                                v.add(new Problem.Violation(rf + ".days", "unknown day " + clip(String.valueOf(d))
                                        + "; use MON … SUN"));
                            }
                        }
                    }
                }
            }
        }
        if (!participants.isEmpty()) {
            Set<UUID> unknown = new LinkedHashSet<>(users.unknown(participants));
            for (int i = 0; i < participants.size(); i++) {
                if (unknown.contains(participants.get(i))) {
                    v.add(new Problem.Violation(participantFields.get(i), "no user " + participants.get(i)));
                }
            }
        }
    }

    private static void rotationStart(List<Problem.Violation> v, String field, String value) {
        LocalDateTime start;
        try {
            start = LocalDateTime.parse(String.valueOf(value));
        } catch (RuntimeException e) {
            v.add(new Problem.Violation(field, "must be a local date-time such as 2026-01-05T09:00"));
            return;
        }
        // Shift arithmetic counts shifts from here; a start millions of years away would overflow it.
        if (start.getYear() < ScheduleService.MIN_YEAR || start.getYear() > ScheduleService.MAX_YEAR) {
            v.add(new Problem.Violation(field, "must lie between the years " + ScheduleService.MIN_YEAR + " and " + ScheduleService.MAX_YEAR));
        }
    }

    private static void shiftLength(List<Problem.Violation> v, String field, String value) {
        ShiftLength length;
        try {
            length = ShiftLength.parse(value);
        } catch (RuntimeException e) {
            v.add(new Problem.Violation(field, e.getMessage() == null
                    ? "must be a positive ISO-8601 period (P1D, P1W) or duration (PT12H)" : e.getMessage()));
            return;
        }
        if (length instanceof ShiftLength.Elapsed e && e.duration().compareTo(ScheduleService.MIN_SHIFT) < 0) {
            v.add(new Problem.Violation(field, "must be at least " + ScheduleService.MIN_SHIFT
                    + ": shorter shifts would make a year's timeline explode"));
        } else if (length instanceof ShiftLength.Elapsed e && e.duration().compareTo(ScheduleService.MAX_SHIFT) > 0
                || length instanceof ShiftLength.Wall w && days(w.period()) > ScheduleService.MAX_SHIFT.toDays()) {
            v.add(new Problem.Violation(field, "must be at most a year (P1Y, P52W, PT8784H)"));
        }
    }

    /** Days the period spans from a leap year's start, so P1Y and P12M count 366. */
    private static long days(java.time.Period p) {
        try {
            LocalDate from = LocalDate.of(2000, 1, 1);
            return ChronoUnit.DAYS.between(from, from.plus(p));
        } catch (DateTimeException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static void time(List<Problem.Violation> v, String field, String value) {
        try {
            LocalTime.parse(String.valueOf(value));
        } catch (RuntimeException e) {
            v.add(new Problem.Violation(field, "must be a local time such as 09:00"));
        }
    }
}
