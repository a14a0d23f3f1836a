package dev.klaxon.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer of {@link OnCallCalculator} prepared for fast lookups: its first instant and the arithmetic of its shift
 * starts, and its restriction windows. Pure and immutable.
 */
final class CompiledLayer {

    /**
     * Restriction windows that can contain an instant open on local days within this many days of its local date:
     * two would do for ordinary zones, one more covers offset changes of up to a day (Samoa, Kwajalein).
     */
    private static final int WINDOW_DAYS_BEFORE = 3;
    private static final int WINDOW_DAYS_AFTER = 1;

    /** One layer's on-call interval [start, end) for one user. */
    record Segment(Instant start, Instant end, String user) {
    }

    private record Window(Instant start, Instant end) {
    }

    private static final double SECONDS_PER_DAY = 86_400d;

    private final ZoneId zone;
    private final LocalTimeMapper mapper;
    private final LocalDateTime rotationStart;
    private final Instant firstStart;
    private final String[] participants;
    private final Restriction[] restrictions;
    private final Period period;         // wall-clock layers
    private final boolean daysOnly;
    private final double approxPeriodSeconds;
    private final Duration duration;     // elapsed layers
    private final long durationNanos;    // or -1 when it does not fit a long

    CompiledLayer(Layer layer, LocalTimeMapper mapper) {
        this.zone = mapper.zone();
        this.mapper = mapper;
        this.rotationStart = layer.rotationStart();
        this.firstStart = mapper.toInstant(rotationStart);
        this.participants = layer.participants().toArray(String[]::new);
        this.restrictions = layer.restrictions().toArray(Restriction[]::new);
        if (layer.shiftLength() instanceof ShiftLength.Wall wall) {
            this.period = wall.period();
            this.daysOnly = period.getYears() == 0 && period.getMonths() == 0;
            this.approxPeriodSeconds = SECONDS_PER_DAY
                    * (period.getYears() * 365.2425 + period.getMonths() * 30.436875 + period.getDays());
            this.duration = null;
            this.durationNanos = -1;
        } else {
            ShiftLength.Elapsed elapsed = (ShiftLength.Elapsed) layer.shiftLength();
            this.period = null;
            this.daysOnly = false;
            this.approxPeriodSeconds = 0;
            this.duration = elapsed.duration();
            long nanos;
            try {
                nanos = duration.toNanos();
            } catch (ArithmeticException tooLong) {
                nanos = -1;
            }
            this.durationNanos = nanos;
        }
    }

    /** Start of shift k (k ≥ 0). Non-decreasing in k: no zone has a gap longer than a day. */
    Instant start(long k) {
        if (period != null) {
            int times = Math.toIntExact(k);
            LocalDateTime local = daysOnly
                    ? rotationStart.plusDays((long) period.getDays() * times)
                    : rotationStart.plus(period.multipliedBy(times));
            return mapper.toInstant(local);
        }
        return firstStart.plus(duration.multipliedBy(k));
    }

    /** The largest k with start(k) ≤ t, or -1 before the rotation starts. */
    long indexAt(Instant t) {
        if (t.isBefore(firstStart)) {
            return -1;
        }
        long k;
        if (period != null) {
            double seconds = (double) (t.getEpochSecond() - firstStart.getEpochSecond());
            k = Math.max(0, (long) Math.floor(seconds / approxPeriodSeconds));
            while (k > 0 && start(k).isAfter(t)) {
                k--;
            }
            while (!start(k + 1).isAfter(t)) {
                k++;
            }
            return k;
        }
        Duration elapsed = Duration.between(firstStart, t);
        if (durationNanos > 0) {
            try {
                return elapsed.toNanos() / durationNanos;
            } catch (ArithmeticException tooLong) {
                // more than ~292 years: fall through to the exact division
            }
        }
        return elapsed.dividedBy(duration);
    }

    /** Whose shift covers t in this layer (restrictions applied), or null. */
    String userAt(Instant t) {
        if (participants.length == 0) {
            return null;
        }
        long k = indexAt(t);
        if (k < 0) {
            return null;
        }
        if (restrictions.length > 0 && !inWindow(t)) {
            return null;
        }
        return participants[(int) (k % participants.length)];
    }

    private boolean inWindow(Instant t) {
        LocalDate date = LocalDate.ofInstant(t, zone);
        for (LocalDate day = date.minusDays(WINDOW_DAYS_BEFORE);
             !day.isAfter(date.plusDays(WINDOW_DAYS_AFTER)); day = day.plusDays(1)) {
            for (Restriction r : restrictions) {
                if (!r.opensOn(day.getDayOfWeek())) {
                    continue;
                }
                Instant open = mapper.toInstant(day.atTime(r.start()));
                if (open.isAfter(t)) {
                    continue;
                }
                if (t.isBefore(closing(r, day))) {
                    return true;
                }
            }
        }
        return false;
    }

    private Instant closing(Restriction r, LocalDate openingDay) {
        LocalDate closingDay = r.crossesMidnight() ? openingDay.plusDays(1) : openingDay;
        return mapper.toInstant(closingDay.atTime(r.end()));
    }

    /** This layer's on-call intervals within [from, to), sorted and disjoint. */
    List<Segment> segments(Instant from, Instant to) {
        Instant lo = max(from, firstStart);
        if (participants.length == 0 || !lo.isBefore(to)) {
            return List.of();
        }
        List<Window> windows = restrictions.length == 0 ? null : windows(lo, to);
        if (windows != null && windows.isEmpty()) {
            return List.of();
        }
        List<Segment> segments = new ArrayList<>();
        int w = 0;
        long k = indexAt(lo);
        Instant start = start(k);
        while (start.isBefore(to)) {
            Instant end = start(k + 1);
            if (end.isAfter(start)) {
                Instant a = max(start, lo);
                Instant b = min(end, to);
                String user = participants[(int) (k % participants.length)];
                if (windows == null) {
                    if (a.isBefore(b)) {
                        segments.add(new Segment(a, b, user));
                    }
                } else {
                    while (w < windows.size() && !windows.get(w).end.isAfter(a)) {
                        w++;
                    }
                    for (int i = w; i < windows.size() && windows.get(i).start.isBefore(b); i++) {
                        Instant s = max(a, windows.get(i).start);
                        Instant e = min(b, windows.get(i).end);
                        if (s.isBefore(e)) {
                            segments.add(new Segment(s, e, user));
                        }
                    }
                }
                start = end;
            }
            k++;
        }
        return segments;
    }

    /** The union of this layer's restriction windows within [from, to), sorted and disjoint. */
    private List<Window> windows(Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, zone).minusDays(WINDOW_DAYS_BEFORE);
        LocalDate last = LocalDate.ofInstant(to, zone).plusDays(WINDOW_DAYS_AFTER);
        List<Window> raw = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (Restriction r : restrictions) {
                if (!r.opensOn(day.getDayOfWeek())) {
                    continue;
                }
                Instant s = max(mapper.toInstant(day.atTime(r.start())), from);
                Instant e = min(closing(r, day), to);
                if (s.isBefore(e)) {
                    raw.add(new Window(s, e));
                }
            }
        }
        raw.sort((a, b) -> a.start.compareTo(b.start));
        List<Window> merged = new ArrayList<>(raw.size());
        for (Window win : raw) {
            if (!merged.isEmpty() && !win.start.isAfter(merged.get(merged.size() - 1).end)) {
                Window lastWin = merged.remove(merged.size() - 1);
                merged.add(new Window(lastWin.start, max(lastWin.end, win.end)));
            } else {
                merged.add(win);
            }
        }
        return merged;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
