package dev.klaxon.report;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DurationStatsTest {

    private static List<Duration> minutes(long... m) {
        return java.util.Arrays.stream(m).mapToObj(Duration::ofMinutes).toList();
    }

    @Test
    void noDataHasNoFigures() {
        DurationStats s = DurationStats.of(List.of());
        assertNull(s.median());
        assertNull(s.p90());
    }

    @Test
    void oneValueIsBothMedianAndP90() {
        assertEquals(new DurationStats(Duration.ofMinutes(7), Duration.ofMinutes(7)), DurationStats.of(minutes(7)));
    }

    @Test
    void nearestRankOfUnsortedValues() {
        // sorted 1 2 3: median rank ceil(1.5) = 2, p90 rank ceil(2.7) = 3
        assertEquals(new DurationStats(Duration.ofMinutes(2), Duration.ofMinutes(3)), DurationStats.of(minutes(3, 1, 2)));
        // even count: the lower middle value, never an average nobody waited
        assertEquals(Duration.ofMinutes(10), DurationStats.of(minutes(30, 10)).median());
        // ten values 1..10: p90 is the 9th
        assertEquals(Duration.ofMinutes(9), DurationStats.of(minutes(10, 9, 8, 7, 6, 5, 4, 3, 2, 1)).p90());
        assertEquals(Duration.ofMinutes(5), DurationStats.of(minutes(10, 9, 8, 7, 6, 5, 4, 3, 2, 1)).median());
    }
}
