package dev.klaxon.report;

import java.time.Duration;
import java.util.List;

/**
 * Median and 90th percentile of a set of durations, by the nearest-rank method: the value at rank
 * ceil(p × n) of the sorted list, so every figure is a time some alert actually took. Pure.
 *
 * @param median null when there is no data
 */
public record DurationStats(Duration median, Duration p90) {

    public static final DurationStats NONE = new DurationStats(null, null);

    public static DurationStats of(List<Duration> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        return new DurationStats(rank(sorted, 50), rank(sorted, 90));
    }

    static Duration rank(List<Duration> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(1, rank) - 1);
    }
}
