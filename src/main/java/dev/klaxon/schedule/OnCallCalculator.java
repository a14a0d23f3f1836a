package dev.klaxon.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who is on call in one schedule: its layers in the schedule's zone, later layers winning, then overrides.
 *
 * <p>Pure and immutable: no clock, no I/O, safe to share between threads. All intervals are half-open
 * [start, end). {@link #onCallAt} and {@link #shifts} agree at every instant: the point query and the timeline
 * use the same shift starts and the same restriction windows.
 *
 * <p>Local date-times map to instants like {@code ZonedDateTime.ofLocal(ldt, zone, null)}: a time in a DST gap
 * moves forward by the length of the gap, one in an overlap takes the earlier instant.
 */
public final class OnCallCalculator {

    private static final Comparator<Shift> SHIFT_ORDER = (a, b) -> {
        int byStart = a.start().compareTo(b.start());
        if (byStart != 0) {
            return byStart;
        }
        int byUser = a.userId().compareTo(b.userId());
        return byUser != 0 ? byUser : a.end().compareTo(b.end());
    };

    private static final Comparator<ClippedOverride> GIVEN_ORDER = Comparator.comparingInt(ClippedOverride::index);

    /**
     * Restriction windows that can contain an instant open on local days within this many days of its local date:
     * two would do for ordinary zones, one more covers offset changes of up to a day (Samoa, Kwajalein).
     */
    private static final int WINDOW_DAYS_BEFORE = 3;
    private static final int WINDOW_DAYS_AFTER = 1;

    private final ZoneId zone;
    private final CompiledLayer[] layers;
    private final ScheduleOverride[] overrides;

    public OnCallCalculator(ZoneId zone, List<Layer> layers, List<ScheduleOverride> overrides) {
        this.zone = Objects.requireNonNull(zone, "zone");
        List<Layer> layerList = layers == null ? List.of() : layers;
        LocalTimeMapper mapper = LocalTimeMapper.of(zone);
        this.layers = new CompiledLayer[layerList.size()];
        for (int i = 0; i < this.layers.length; i++) {
            this.layers[i] = new CompiledLayer(Objects.requireNonNull(layerList.get(i), "layer"), mapper);
        }
        this.overrides = overrides == null
                ? new ScheduleOverride[0]
                : overrides.stream().map(o -> Objects.requireNonNull(o, "override")).toArray(ScheduleOverride[]::new);
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The users on call at {@code t}: the users of every override covering {@code t} (in the order the overrides
     * were given, without duplicates) or else the user of the last layer that has someone on call. Empty when
     * nobody is on call.
     */
    public List<String> onCallAt(Instant t) {
        Objects.requireNonNull(t, "t");
        List<String> users = null;
        for (ScheduleOverride o : overrides) {
            if (o.covers(t)) {
                if (users == null) {
                    users = new ArrayList<>(2);
                }
                if (!users.contains(o.userId())) {
                    users.add(o.userId());
                }
            }
        }
        if (users != null) {
            return List.copyOf(users);
        }
        for (int j = layers.length - 1; j >= 0; j--) {
            String user = layers[j].userAt(t);
            if (user != null) {
                return List.of(user);
            }
        }
        return List.of();
    }

    /**
     * The final on-call intervals in [from, to), clipped to it: touching or overlapping intervals of one user are
     * merged; intervals of different users overlap only where overrides overlap. Sorted by start, then user.
     */
    public List<Shift> shifts(Instant from, Instant to) {
        return timeline(from, to).shifts();
    }

    /** The maximal intervals in [from, to) where nobody is on call, in order. */
    public List<Gap> gaps(Instant from, Instant to) {
        return timeline(from, to).gaps();
    }

    /** Shifts and gaps of [from, to) from one pass; together they cover [from, to) exactly. */
    public Timeline timeline(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("'to' " + to + " is before 'from' " + from);
        }
        if (from.equals(to)) {
            return new Timeline(List.of(), List.of());
        }

        List<List<Segment>> layerSegments = new ArrayList<>(layers.length);
        int boundaryCount = 2;
        for (CompiledLayer layer : layers) {
            List<Segment> segments = layer.segments(from, to);
            layerSegments.add(segments);
            boundaryCount += 2 * segments.size();
        }
        List<ClippedOverride> clipped = new ArrayList<>();
        for (int i = 0; i < overrides.length; i++) {
            ScheduleOverride o = overrides[i];
            Instant s = max(o.start(), from);
            Instant e = min(o.end(), to);
            if (s.isBefore(e)) {
                clipped.add(new ClippedOverride(i, o.userId(), s, e));
                boundaryCount += 2;
            }
        }

        // Each source is already sorted; merging them is cheaper than sorting all boundaries.
        List<Instant[]> sources = new ArrayList<>(layers.length + 3);
        sources.add(new Instant[] {from, to});
        for (List<Segment> segments : layerSegments) {
            Instant[] edges = new Instant[2 * segments.size()];
            for (int i = 0; i < segments.size(); i++) {
                edges[2 * i] = segments.get(i).start;
                edges[2 * i + 1] = segments.get(i).end;
            }
            sources.add(edges);
        }
        if (!clipped.isEmpty()) {
            Instant[] starts = clipped.stream().map(ClippedOverride::start).sorted().toArray(Instant[]::new);
            Instant[] ends = clipped.stream().map(ClippedOverride::end).sorted().toArray(Instant[]::new);
            sources.add(starts);
            sources.add(ends);
        }
        Instant[] boundaries = new Instant[boundaryCount];
        int unique = mergeSorted(sources, boundaries);

        clipped.sort(Comparator.comparing(ClippedOverride::start));
        int nextOverride = 0;
        List<ClippedOverride> active = new ArrayList<>();
        int[] cursor = new int[layers.length];

        Map<String, Instant[]> open = new LinkedHashMap<>();
        List<Shift> shifts = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        Instant gapStart = null;
        Instant gapEnd = null;
        List<String> users = new ArrayList<>(4);

        // Every segment and override starts and ends on a boundary, so each elementary interval is either
        // entirely inside or entirely outside each of them.
        for (int i = 0; i + 1 < unique; i++) {
            Instant start = boundaries[i];
            Instant end = boundaries[i + 1];
            users.clear();

            if (!active.isEmpty()) {
                final Instant at = start;
                active.removeIf(o -> !o.end.isAfter(at));
            }
            while (nextOverride < clipped.size() && !clipped.get(nextOverride).start.isAfter(start)) {
                active.add(clipped.get(nextOverride++));
            }
            if (!active.isEmpty()) {
                active.sort(GIVEN_ORDER);
                for (ClippedOverride o : active) {
                    if (!users.contains(o.userId)) {
                        users.add(o.userId);
                    }
                }
            } else {
                for (int j = layers.length - 1; j >= 0; j--) {
                    List<Segment> segments = layerSegments.get(j);
                    int c = cursor[j];
                    while (c < segments.size() && !segments.get(c).end.isAfter(start)) {
                        c++;
                    }
                    cursor[j] = c;
                    if (c < segments.size() && !segments.get(c).start.isAfter(start)) {
                        users.add(segments.get(c).user);
                        break;
                    }
                }
            }

            if (users.isEmpty()) {
                if (gapEnd != null && gapEnd.equals(start)) {
                    gapEnd = end;
                } else {
                    if (gapStart != null) {
                        gaps.add(new Gap(gapStart, gapEnd));
                    }
                    gapStart = start;
                    gapEnd = end;
                }
                continue;
            }
            for (String user : users) {
                Instant[] interval = open.get(user);
                if (interval != null && interval[1].equals(start)) {
                    interval[1] = end;
                } else {
                    if (interval != null) {
                        shifts.add(new Shift(user, interval[0], interval[1]));
                    }
                    open.put(user, new Instant[] {start, end});
                }
            }
        }
        if (gapStart != null) {
            gaps.add(new Gap(gapStart, gapEnd));
        }
        for (Map.Entry<String, Instant[]> e : open.entrySet()) {
            shifts.add(new Shift(e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        shifts.sort(SHIFT_ORDER);
        return new Timeline(List.copyOf(shifts), List.copyOf(gaps));
    }

    /** Merges sorted arrays into {@code out} without duplicates; returns how many were written. */
    private static int mergeSorted(List<Instant[]> sources, Instant[] out) {
        int[] head = new int[sources.size()];
        int written = 0;
        while (true) {
            int best = -1;
            Instant min = null;
            for (int s = 0; s < head.length; s++) {
                Instant[] source = sources.get(s);
                if (head[s] < source.length && (min == null || source[head[s]].isBefore(min))) {
                    min = source[head[s]];
                    best = s;
                }
            }
            if (best < 0) {
                return written;
            }
            head[best]++;
            if (written == 0 || !out[written - 1].equals(min)) {
                out[written++] = min;
            }
        }
    }

    /** Shifts and gaps of one range. */
    public record Timeline(List<Shift> shifts, List<Gap> gaps) {
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private record Segment(Instant start, Instant end, String user) {
    }

    private record ClippedOverride(int index, String userId, Instant start, Instant end) {
    }

    private record Window(Instant start, Instant end) {
    }

    /** A layer prepared for fast lookups: its first instant and the arithmetic of its shift starts. */
    private static final class CompiledLayer {
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
    }
}
