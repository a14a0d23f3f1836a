package dev.klaxon.bench;

import dev.klaxon.schedule.Layer;
import dev.klaxon.schedule.OnCallCalculator;
import dev.klaxon.schedule.Restriction;
import dev.klaxon.schedule.ScheduleOverride;
import dev.klaxon.schedule.ShiftLength;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Figures for OnCallCalculator: who is on call now across 1,000 schedules of 3 layers, and a year of shifts of one
 * busy schedule. Plain main, not part of the test run: {@code mvn -Pbench test-compile} then run this class.
 */
public final class OnCallCalculatorBench {

    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
            "Asia/Kathmandu", "America/Santiago", "Australia/Sydney", "UTC", "Asia/Tokyo"};
    private static final Set<DayOfWeek> WEEKDAYS = Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    private static volatile Object sink;

    public static void main(String[] args) {
        Instant now = Instant.parse("2026-03-29T01:30:00Z");

        List<ZoneId> zones = new ArrayList<>();
        List<List<Layer>> layerSets = new ArrayList<>();
        List<List<ScheduleOverride>> overrideSets = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            zones.add(ZoneId.of(ZONES[i % ZONES.length]));
            layerSets.add(busyLayers(i));
            overrideSets.add(overrides(now.minus(Duration.ofDays(10)), 5, i));
        }
        OnCallCalculator[] calculators = new OnCallCalculator[1_000];
        for (int i = 0; i < calculators.length; i++) {
            calculators[i] = new OnCallCalculator(zones.get(i), layerSets.get(i), overrideSets.get(i));
        }

        report("onCallAt, 1,000 prebuilt schedules x 3 layers", 3_000, 500, () -> {
            long found = 0;
            for (OnCallCalculator c : calculators) {
                found += c.onCallAt(now).size();
            }
            return found;
        });
        report("onCallAt, 1,000 schedules x 3 layers incl. building each calculator", 3_000, 500, () -> {
            long found = 0;
            for (int i = 0; i < 1_000; i++) {
                found += new OnCallCalculator(zones.get(i), layerSets.get(i), overrideSets.get(i)).onCallAt(now).size();
            }
            return found;
        });

        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2027-01-01T00:00:00Z");
        OnCallCalculator busy = new OnCallCalculator(ZoneId.of("Europe/Berlin"), busyLayers(0),
                overrides(from, 30, 0));
        System.out.printf("busy schedule: %d shifts and %d gaps in 2026%n",
                busy.shifts(from, to).size(), busy.gaps(from, to).size());
        report("shifts() over 1 year, busy schedule (3 daily layers, restrictions, 30 overrides)", 2_000, 500,
                () -> busy.shifts(from, to).size());
        report("timeline() (shifts + gaps) over 1 year, same schedule", 1_000, 500,
                () -> busy.timeline(from, to).shifts().size());
    }

    /** Three daily rotations started years ago: an all-day base, weekday business hours, and nights. */
    private static List<Layer> busyLayers(int i) {
        List<String> team = List.of("u" + i + "a", "u" + i + "b", "u" + i + "c", "u" + i + "d");
        return List.of(
                new Layer("base", LocalDateTime.parse("2020-01-06T09:00"), ShiftLength.parse("P1D"), team, List.of()),
                new Layer("business", LocalDateTime.parse("2021-03-01T09:00").plusDays(i % 7),
                        ShiftLength.parse(i % 2 == 0 ? "P1D" : "PT12H"), team.subList(0, 3),
                        List.of(new Restriction(WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(17, 0)))),
                new Layer("nights", LocalDateTime.parse("2022-10-30T02:30"), ShiftLength.parse("P1D"),
                        team.subList(1, 4),
                        List.of(new Restriction(Set.of(), LocalTime.of(22, 0), LocalTime.of(6, 0)),
                                new Restriction(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                                        LocalTime.of(10, 0), LocalTime.of(14, 0)))));
    }

    private static List<ScheduleOverride> overrides(Instant from, int count, int seed) {
        List<ScheduleOverride> overrides = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            Instant start = from.plus(Duration.ofHours(7L * j + 13L * j * j % 97 + seed % 11));
            overrides.add(new ScheduleOverride("sub" + j % 3, start, start.plus(Duration.ofHours(2 + j % 30))));
        }
        return overrides;
    }

    private static void report(String name, int warmups, int runs, LongSupplier work) {
        long blackhole = 0;
        for (int i = 0; i < warmups; i++) {
            blackhole += work.getAsLong();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] millis = new double[runs];
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            blackhole += work.getAsLong();
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        // CPU time per run: the honest figure when other processes compete for the cores
        double cpuAvg = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / runs;
        sink = blackhole;
        double avg = Arrays.stream(millis).average().orElse(0);
        Arrays.sort(millis);
        System.out.printf("%s%n    p50 %.3f ms  p90 %.3f ms  avg %.3f ms  cpu/run %.3f ms  (%d runs)%n",
                name, millis[runs / 2], millis[runs * 9 / 10], avg, cpuAvg, runs);
    }
}
