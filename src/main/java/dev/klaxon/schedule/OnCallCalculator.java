package dev.klaxon.schedule;

import java.time.Instant;
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

        List<List<CompiledLayer.Segment>> layerSegments = new ArrayList<>(layers.length);
        int boundaryCount = 2;
        for (CompiledLayer layer : layers) {
            List<CompiledLayer.Segment> segments = layer.segments(from, to);
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
        for (List<CompiledLayer.Segment> segments : layerSegments) {
            Instant[] edges = new Instant[2 * segments.size()];
            for (int i = 0; i < segments.size(); i++) {
                edges[2 * i] = segments.get(i).start();
                edges[2 * i + 1] = segments.get(i).end();
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
                    List<CompiledLayer.Segment> segments = layerSegments.get(j);
                    int c = cursor[j];
                    while (c < segments.size() && !segments.get(c).end().isAfter(start)) {
                        c++;
                    }
                    cursor[j] = c;
                    if (c < segments.size() && !segments.get(c).start().isAfter(start)) {
                        users.add(segments.get(c).user());
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

    private record ClippedOverride(int index, String userId, Instant start, Instant end) {
    }
}
