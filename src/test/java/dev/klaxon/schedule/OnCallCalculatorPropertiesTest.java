package dev.klaxon.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random schedules in random zones, checked against the invariants of the timeline and against a
 * straightforward (slow) model of the rules in API.md.
 */
class OnCallCalculatorPropertiesTest {

    static final List<String> ZONES = new TreeSet<>(ZoneId.getAvailableZoneIds()).stream().toList();
    static final List<String> PEOPLE = List.of("ann", "bob", "cat", "dan", "eve", "fay");

    /** A random schedule and a range [from, to) near its rotation starts. */
    record Scenario(ZoneId zone, List<Layer> layers, List<ScheduleOverride> overrides, Instant from, Instant to) {
        OnCallCalculator calculator() {
            return new OnCallCalculator(zone, layers, overrides);
        }

        Scenario withOverrides(List<ScheduleOverride> replacement) {
            return new Scenario(zone, layers, replacement, from, to);
        }
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 300)
    void timelinePartitionsTheRangeIntoMergedShiftsAndGaps(@ForAll("scenarios") Scenario s) {
        OnCallCalculator.Timeline timeline = s.calculator().timeline(s.from(), s.to());
        List<Shift> shifts = timeline.shifts();
        List<Gap> gaps = timeline.gaps();

        for (Shift shift : shifts) {
            assertTrue(shift.start().isBefore(shift.end()), "empty " + shift);
            assertFalse(shift.start().isBefore(s.from()) || shift.end().isAfter(s.to()), "outside range " + shift);
        }
        Comparator<Shift> order = Comparator.comparing(Shift::start).thenComparing(Shift::userId);
        for (int i = 1; i < shifts.size(); i++) {
            assertTrue(order.compare(shifts.get(i - 1), shifts.get(i)) <= 0, "unsorted at " + i);
        }
        Map<String, List<Shift>> byUser = shifts.stream().collect(Collectors.groupingBy(Shift::userId));
        byUser.forEach((user, own) -> {
            for (int i = 1; i < own.size(); i++) {
                assertTrue(own.get(i - 1).end().isBefore(own.get(i).start()),
                        user + " has touching or overlapping intervals " + own.get(i - 1) + " " + own.get(i));
            }
        });
        for (int i = 0; i < gaps.size(); i++) {
            assertTrue(gaps.get(i).start().isBefore(gaps.get(i).end()), "empty " + gaps.get(i));
            if (i > 0) {
                assertTrue(gaps.get(i - 1).end().isBefore(gaps.get(i).start()), "gaps not maximal at " + i);
            }
        }

        // union of shifts, then shifts ∪ gaps must tile [from, to) with no overlap between the two
        List<Instant[]> covered = union(shifts.stream().map(x -> new Instant[] {x.start(), x.end()}).toList());
        List<Instant[]> all = new ArrayList<>(covered);
        gaps.forEach(g -> all.add(new Instant[] {g.start(), g.end()}));
        all.sort(Comparator.comparing(x -> x[0]));
        Instant cursor = s.from();
        for (Instant[] interval : all) {
            assertEquals(cursor, interval[0], "hole or overlap in the partition");
            cursor = interval[1];
        }
        assertEquals(s.to(), cursor);
    }

    @Property(tries = 300)
    void onCallAtAgreesWithTheTimelineAndTheModel(@ForAll("scenarios") Scenario s, @ForAll long seed) {
        OnCallCalculator calculator = s.calculator();
        OnCallCalculator.Timeline timeline = calculator.timeline(s.from(), s.to());

        for (Instant t : probes(s, timeline, seed)) {
            List<String> onCall = calculator.onCallAt(t);
            assertEquals(new HashSet<>(onCall).size(), onCall.size(), "duplicates at " + t);
            Set<String> fromShifts = timeline.shifts().stream().filter(x -> x.contains(t)).map(Shift::userId)
                    .collect(Collectors.toSet());
            assertEquals(fromShifts, Set.copyOf(onCall), "shifts disagree at " + t);
            boolean inGap = timeline.gaps().stream().anyMatch(g -> g.contains(t));
            assertEquals(inGap, onCall.isEmpty(), "gaps disagree at " + t);
            assertEquals(Model.onCallAt(s, t), onCall, "model disagrees at " + t);
        }
    }

    @Property(tries = 200)
    void timelineOfASubrangeIsTheClippedTimeline(@ForAll("scenarios") Scenario s, @ForAll long seed) {
        OnCallCalculator calculator = s.calculator();
        Random random = new Random(seed);
        Instant a = between(s.from(), s.to(), random.nextDouble());
        Instant b = between(a, s.to(), random.nextDouble());

        List<Shift> clipped = new ArrayList<>();
        for (Shift shift : calculator.shifts(s.from(), s.to())) {
            Instant start = shift.start().isAfter(a) ? shift.start() : a;
            Instant end = shift.end().isBefore(b) ? shift.end() : b;
            if (start.isBefore(end)) {
                clipped.add(new Shift(shift.userId(), start, end));
            }
        }
        clipped.sort(Comparator.comparing(Shift::start).thenComparing(Shift::userId));
        assertEquals(clipped, calculator.shifts(a, b));
    }

    @Property(tries = 300)
    void aWholeElapsedRotationCycleLaterTheSameParticipantIsOnCall(
            @ForAll("zones") ZoneId zone, @ForAll("rotationStarts") LocalDateTime rotationStart,
            @ForAll("elapsed") ShiftLength.Elapsed length, @ForAll("participants") List<String> participants,
            @ForAll("offsetsIntoRotation") Duration offset, @ForAll("cycles") int cycles) {
        Layer layer = new Layer("cycle", rotationStart, length, participants, List.of());
        OnCallCalculator calculator = new OnCallCalculator(zone, List.of(layer), List.of());
        Instant first = ZonedDateTime.ofLocal(rotationStart, zone, null).toInstant();
        Instant t = first.plus(offset);
        Duration cycle = length.duration().multipliedBy((long) participants.size() * cycles);

        List<String> now = calculator.onCallAt(t);
        assertEquals(1, now.size());
        long k = offset.toNanos() / length.duration().toNanos();
        assertEquals(participants.get((int) (k % participants.size())), now.get(0));
        assertEquals(now, calculator.onCallAt(t.plus(cycle)));
        assertEquals(List.of(), calculator.onCallAt(first.minusNanos(1)));
    }

    @Property(tries = 200)
    void anOverrideChangesOnlyItsOwnInterval(@ForAll("scenarios") Scenario s, @ForAll("people") String user,
                                             @ForAll long seed) {
        Random random = new Random(seed);
        Instant start = between(s.from().minus(Duration.ofDays(1)), s.to(), random.nextDouble());
        Instant end = start.plus(Duration.ofMinutes(1 + random.nextInt(3 * 24 * 60)));
        ScheduleOverride extra = new ScheduleOverride(user, start, end);
        List<ScheduleOverride> more = new ArrayList<>(s.overrides());
        more.add(extra);
        OnCallCalculator without = s.calculator();
        OnCallCalculator with = s.withOverrides(more).calculator();

        if (s.from().isBefore(start)) {
            Instant until = start.isBefore(s.to()) ? start : s.to();
            assertEquals(without.shifts(s.from(), until), with.shifts(s.from(), until));
            assertEquals(without.gaps(s.from(), until), with.gaps(s.from(), until));
        }
        if (end.isBefore(s.to())) {
            Instant since = end.isAfter(s.from()) ? end : s.from();
            assertEquals(without.shifts(since, s.to()), with.shifts(since, s.to()));
            assertEquals(without.gaps(since, s.to()), with.gaps(since, s.to()));
        }
        for (Instant t : probes(s.withOverrides(more), with.timeline(s.from(), s.to()), seed)) {
            if (extra.covers(t)) {
                assertTrue(with.onCallAt(t).contains(user), user + " missing at " + t);
            } else {
                assertEquals(without.onCallAt(t), with.onCallAt(t), "changed outside the override at " + t);
            }
        }
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES).map(ZoneId::of);
    }

    @Provide
    Arbitrary<String> people() {
        return Arbitraries.of(PEOPLE);
    }

    @Provide
    Arbitrary<List<String>> participants() {
        return Arbitraries.of(PEOPLE).list().ofMinSize(1).ofMaxSize(4);
    }

    /** Times of day biased towards the hours where DST changes happen. */
    Arbitrary<LocalTime> timesOfDay() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 95).map(q -> LocalTime.of(q / 4, q % 4 * 15))),
                Tuple.of(2, Arbitraries.of("00:00", "00:30", "01:00", "01:30", "01:45", "02:00", "02:15", "02:30",
                        "03:00", "03:30", "09:00", "17:00", "22:00", "23:00", "23:30").map(LocalTime::parse)));
    }

    @Provide
    Arbitrary<LocalDateTime> rotationStarts() {
        return Combinators.combine(Arbitraries.integers().between(0, 365 * 12), timesOfDay())
                .as((day, time) -> LocalDate.of(2019, 1, 1).plusDays(day).atTime(time));
    }

    @Provide
    Arbitrary<ShiftLength.Elapsed> elapsed() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(1, 4, 6, 8, 12, 24, 48, 72, 168).map(h -> Duration.ofHours(h))),
                Tuple.of(2, Arbitraries.integers().between(1, 24 * 4 * 3).map(q -> Duration.ofMinutes(15L * q))))
                .map(ShiftLength.Elapsed::new);
    }

    Arbitrary<ShiftLength> shiftLengths() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("P1D", "P2D", "P3D", "P1W", "P2W", "P1M").map(ShiftLength::parse)),
                Tuple.of(2, elapsed().map(e -> (ShiftLength) e)));
    }

    @Provide
    Arbitrary<Duration> offsetsIntoRotation() {
        return Arbitraries.longs().between(0, Duration.ofDays(400).toSeconds()).map(Duration::ofSeconds);
    }

    @Provide
    Arbitrary<Integer> cycles() {
        return Arbitraries.integers().between(1, 5);
    }

    Arbitrary<Restriction> restrictions() {
        Arbitrary<Set<DayOfWeek>> days = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Set.<DayOfWeek>of())),
                Tuple.of(2, Arbitraries.of(DayOfWeek.values()).set().ofMinSize(1).ofMaxSize(7)));
        Arbitrary<Restriction> any = Combinators.combine(days, timesOfDay(), timesOfDay()).as(Restriction::new);
        Arbitrary<Restriction> fullDay = Combinators.combine(days, timesOfDay()).as((d, t) -> new Restriction(d, t, t));
        return Arbitraries.frequencyOf(Tuple.of(5, any), Tuple.of(1, fullDay));
    }

    Arbitrary<Layer> layersStartingNear(LocalDate anchor) {
        Arbitrary<LocalDateTime> rotationStart = Combinators
                .combine(Arbitraries.integers().between(-60, 10), timesOfDay())
                .as((days, time) -> anchor.plusDays(days).atTime(time));
        Arbitrary<List<Restriction>> restrictions = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(List.<Restriction>of())),
                Tuple.of(1, restrictions().list().ofMinSize(1).ofMaxSize(2)));
        return Combinators.combine(rotationStart, shiftLengths(), participants(), restrictions)
                .as((start, length, who, windows) -> new Layer("layer", start, length, who, windows));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<LocalDate> anchors = Arbitraries.integers().between(0, 365 * 12)
                .map(day -> LocalDate.of(2019, 1, 1).plusDays(day));
        return Combinators.combine(zones(), anchors).flatAs((zone, anchor) -> {
            Instant base = ZonedDateTime.ofLocal(anchor.atStartOfDay(), zone, null).toInstant();
            Arbitrary<Instant> from = Arbitraries.integers().between(-48, 72).map(h -> base.plus(Duration.ofHours(h)));
            Arbitrary<Duration> length = Arbitraries.frequencyOf(
                    Tuple.of(2, Arbitraries.integers().between(1, 72).map(h -> Duration.ofHours(h))),
                    Tuple.of(3, Arbitraries.integers().between(1, 45).map(d -> Duration.ofDays(d))));
            Arbitrary<List<ScheduleOverride>> overrides = Combinators.combine(
                            Arbitraries.of(PEOPLE),
                            Arbitraries.integers().between(-2 * 24 * 4, 40 * 24 * 4),
                            Arbitraries.integers().between(1, 3 * 24 * 4))
                    .as((who, startQuarters, quarters) -> {
                        Instant start = base.plus(Duration.ofMinutes(15L * startQuarters));
                        return new ScheduleOverride(who, start, start.plus(Duration.ofMinutes(15L * quarters)));
                    })
                    .list().ofMaxSize(3);
            return Combinators.combine(layersStartingNear(anchor).list().ofMinSize(1).ofMaxSize(3), overrides, from,
                            length)
                    .as((layers, ovs, start, span) -> new Scenario(zone, layers, ovs, start, start.plus(span)));
        });
    }

    // ---------------------------------------------------------------- helpers

    /** Every boundary of the timeline, the nanosecond before each, and some random instants in the range. */
    static List<Instant> probes(Scenario s, OnCallCalculator.Timeline timeline, long seed) {
        Set<Instant> probes = new TreeSet<>();
        probes.add(s.from());
        timeline.shifts().forEach(x -> {
            probes.add(x.start());
            probes.add(x.end().minusNanos(1));
        });
        timeline.gaps().forEach(g -> {
            probes.add(g.start());
            probes.add(g.end().minusNanos(1));
        });
        Random random = new Random(seed);
        for (int i = 0; i < 20; i++) {
            probes.add(between(s.from(), s.to(), random.nextDouble()));
        }
        probes.removeIf(t -> t.isBefore(s.from()) || !t.isBefore(s.to()));
        List<Instant> list = new ArrayList<>(probes);
        // keep the check fast: at most 80 probes, spread over the whole range
        if (list.size() > 80) {
            java.util.Collections.shuffle(list, random);
            list = list.subList(0, 80);
        }
        return list;
    }

    static Instant between(Instant from, Instant to, double fraction) {
        long span = Duration.between(from, to).getSeconds();
        return from.plusSeconds((long) (span * fraction));
    }

    static List<Instant[]> union(List<Instant[]> intervals) {
        List<Instant[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(x -> x[0]));
        List<Instant[]> merged = new ArrayList<>();
        for (Instant[] x : sorted) {
            if (!merged.isEmpty() && !x[0].isAfter(merged.get(merged.size() - 1)[1])) {
                Instant[] last = merged.get(merged.size() - 1);
                if (x[1].isAfter(last[1])) {
                    last[1] = x[1];
                }
            } else {
                merged.add(new Instant[] {x[0], x[1]});
            }
        }
        return merged;
    }

    /** The rules of API.md written as plainly as possible: walk the shifts one by one, scan a fortnight of windows. */
    static final class Model {

        static List<String> onCallAt(Scenario s, Instant t) {
            Set<String> overridden = new LinkedHashSet<>();
            for (ScheduleOverride o : s.overrides()) {
                if (!t.isBefore(o.start()) && t.isBefore(o.end())) {
                    overridden.add(o.userId());
                }
            }
            if (!overridden.isEmpty()) {
                return List.copyOf(overridden);
            }
            for (int i = s.layers().size() - 1; i >= 0; i--) {
                String user = userOf(s.zone(), s.layers().get(i), t);
                if (user != null) {
                    return List.of(user);
                }
            }
            return List.of();
        }

        static String userOf(ZoneId zone, Layer layer, Instant t) {
            int n = layer.participants().size();
            Instant first = instant(layer.rotationStart(), zone);
            if (n == 0 || t.isBefore(first)) {
                return null;
            }
            long k;
            if (layer.shiftLength() instanceof ShiftLength.Wall wall) {
                k = 0;
                while (!instant(layer.rotationStart().plus(wall.period().multipliedBy((int) k + 1)), zone).isAfter(t)) {
                    k++;
                }
            } else {
                Duration d = ((ShiftLength.Elapsed) layer.shiftLength()).duration();
                k = nanos(Duration.between(first, t)).divide(nanos(d)).longValueExact();
            }
            if (!layer.restrictions().isEmpty() && !inSomeWindow(zone, layer.restrictions(), t)) {
                return null;
            }
            return layer.participants().get((int) (k % n));
        }

        static boolean inSomeWindow(ZoneId zone, List<Restriction> restrictions, Instant t) {
            LocalDate today = LocalDate.ofInstant(t, zone);
            for (LocalDate day = today.minusDays(7); !day.isAfter(today.plusDays(7)); day = day.plusDays(1)) {
                for (Restriction r : restrictions) {
                    if (!r.days().isEmpty() && !r.days().contains(day.getDayOfWeek())) {
                        continue;
                    }
                    LocalDate closingDay = r.end().isAfter(r.start()) ? day : day.plusDays(1);
                    Instant open = instant(day.atTime(r.start()), zone);
                    Instant close = instant(closingDay.atTime(r.end()), zone);
                    if (!t.isBefore(open) && t.isBefore(close)) {
                        return true;
                    }
                }
            }
            return false;
        }

        static Instant instant(LocalDateTime local, ZoneId zone) {
            return ZonedDateTime.ofLocal(local, zone, null).toInstant();
        }

        static BigInteger nanos(Duration d) {
            return BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                    .add(BigInteger.valueOf(d.getNano()));
        }
    }
}
