package dev.klaxon.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ShiftLengthTest {

    @ParameterizedTest(name = "{0} is a wall-clock period of {1}")
    @CsvSource({
            "P1D, P1D",
            "P1W, P7D",
            "P2W, P14D",
            "P3D, P3D",
            "P1M, P1M",
            "p1w, P7D",
            "' P1D ', P1D",
    })
    void datePartsParseAsWallClockPeriods(String text, String period) {
        assertEquals(new ShiftLength.Wall(Period.parse(period)), ShiftLength.parse(text));
    }

    @ParameterizedTest(name = "{0} is {1} of elapsed time")
    @CsvSource({
            "PT8H, PT8H",
            "PT12H, PT12H",
            "PT24H, PT24H",
            "PT90M, PT1H30M",
            "pt30m, PT30M",
    })
    void timePartsParseAsElapsedDurations(String text, String duration) {
        assertEquals(new ShiftLength.Elapsed(Duration.parse(duration)), ShiftLength.parse(text));
    }

    @Test
    void aDayIsAWallClockDayNotTwentyFourHours() {
        assertTrue(ShiftLength.parse("P1D") instanceof ShiftLength.Wall);
        assertTrue(ShiftLength.parse("PT24H") instanceof ShiftLength.Elapsed);
    }

    @ParameterizedTest(name = "''{0}'' is not a length")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "1D", "P", "PT", "banana", "P1.5D", "PT1.5H", "P1X", "1 week", "P1W1"})
    void unparsableTextIsRejectedWithAClearMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShiftLength.parse(text));
        assertTrue(e.getMessage().contains("ISO-8601") || e.getMessage().contains("required"), e.getMessage());
    }

    @ParameterizedTest(name = "''{0}'' is not positive")
    @ValueSource(strings = {"P0D", "P0W", "PT0S", "PT0H", "-P1D", "P-1D", "-PT8H", "PT-8H", "P1M-3D", "+P-1D"})
    void zeroAndNegativeLengthsAreRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShiftLength.parse(text));
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
    }

    @ParameterizedTest(name = "''{0}'' mixes date and time units")
    @ValueSource(strings = {"P1DT2H", "P1WT1H", "P1DT0H", "P1MT12H"})
    void mixedDateAndTimeUnitsAreRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShiftLength.parse(text));
        assertTrue(e.getMessage().contains("mixes date and time units"), e.getMessage());
    }

    @Test
    void lengthsBuiltDirectlyMustBePositiveToo() {
        assertThrows(IllegalArgumentException.class, () -> new ShiftLength.Wall(Period.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ShiftLength.Wall(Period.ofDays(-1)));
        assertThrows(IllegalArgumentException.class, () -> new ShiftLength.Elapsed(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ShiftLength.Elapsed(Duration.ofHours(-8)));
    }

    @Test
    void isoTextRoundTrips() {
        for (String text : new String[] {"P1D", "P14D", "P1M", "PT8H", "PT12H", "PT1H30M"}) {
            assertEquals(text, ShiftLength.parse(text).iso());
            assertEquals(ShiftLength.parse(text), ShiftLength.parse(ShiftLength.parse(text).iso()));
        }
    }
}
