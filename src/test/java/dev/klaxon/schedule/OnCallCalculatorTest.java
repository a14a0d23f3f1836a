package dev.klaxon.schedule;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnCallCalculatorTest {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");
    static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
    static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    static final Set<DayOfWeek> WEEKDAYS = Set.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY);

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    static Layer layer(String rotationStart, String length, List<String> participants, Restriction... restrictions) {
        return new Layer("layer", LocalDateTime.parse(rotationStart), ShiftLength.parse(length), participants,
                List.of(restrictions));
    }

    static Restriction window(String start, String end, DayOfWeek... days) {
        return new Restriction(Set.of(days), LocalTime.parse(start), LocalTime.parse(end));
    }

    static OnCallCalculator calculator(ZoneId zone, Layer... layers) {
        return new OnCallCalculator(zone, List.of(layers), List.of());
    }

    static OnCallCalculator calculator(ZoneId zone, List<ScheduleOverride> overrides, Layer... layers) {
        return new OnCallCalculator(zone, List.of(layers), overrides);
    }

    static ScheduleOverride override(String user, String start, String end) {
        return new ScheduleOverride(user, at(start), at(end));
    }

    static Shift shift(String user, String start, String end) {
        return new Shift(user, at(start), at(end));
    }

    static Gap gap(String start, String end) {
        return new Gap(at(start), at(end));
    }

    /** Asserts who is on call just before and at a handoff, and that shifts() shows the same boundary. */
    static void assertHandoff(OnCallCalculator calculator, Instant handoff, String before, String after) {
        assertEquals(List.of(before), calculator.onCallAt(handoff.minusNanos(1)), "just before " + handoff);
        assertEquals(List.of(after), calculator.onCallAt(handoff), "at " + handoff);
        List<Shift> around = calculator.shifts(handoff.minusSeconds(60), handoff.plusSeconds(60));
        assertEquals(List.of(new Shift(before, handoff.minusSeconds(60), handoff),
                new Shift(after, handoff, handoff.plusSeconds(60))), around);
    }

    @Nested
    class DaylightSavingTime {

        /**
         * A daily rotation whose handoff lands on a DST change: it started three days earlier with [before, after],
         * so shift 2 belongs to "before" and shift 3, the one on the DST day, to "after".
         */
        @ParameterizedTest(name = "{0}: a daily handoff at local {1} hands over at {2}")
        @CsvSource({
                // Berlin springs forward 02:00 -> 03:00 on 2026-03-29: 02:xx does not exist and moves forward an hour
                "Europe/Berlin,       2026-03-29T02:30, 2026-03-29T01:30:00Z",
                "Europe/Berlin,       2026-03-29T02:00, 2026-03-29T01:00:00Z",
                "Europe/Berlin,       2026-03-29T03:00, 2026-03-29T01:00:00Z",
                "Europe/Berlin,       2026-03-29T01:59, 2026-03-29T00:59:00Z",
                // Berlin falls back 03:00 -> 02:00 on 2026-10-25: 02:xx happens twice, the first (CEST) counts
                "Europe/Berlin,       2026-10-25T02:30, 2026-10-25T00:30:00Z",
                "Europe/Berlin,       2026-10-25T02:00, 2026-10-25T00:00:00Z",
                "Europe/Berlin,       2026-10-25T03:00, 2026-10-25T02:00:00Z",
                // New York springs forward 02:00 -> 03:00 on 2026-03-08 and falls back 02:00 -> 01:00 on 2026-11-01
                "America/New_York,    2026-03-08T02:30, 2026-03-08T07:30:00Z",
                "America/New_York,    2026-03-08T01:30, 2026-03-08T06:30:00Z",
                "America/New_York,    2026-11-01T01:30, 2026-11-01T05:30:00Z",
                "America/New_York,    2026-11-01T02:30, 2026-11-01T07:30:00Z",
                // Lord Howe Island shifts by 30 minutes: back 02:00 -> 01:30 on 2026-04-05, forward 02:00 -> 02:30 on 2026-10-04
                "Australia/Lord_Howe, 2026-04-05T01:45, 2026-04-04T14:45:00Z",
                "Australia/Lord_Howe, 2026-04-05T02:00, 2026-04-04T15:30:00Z",
                "Australia/Lord_Howe, 2026-10-04T02:15, 2026-10-03T15:45:00Z",
                "Australia/Lord_Howe, 2026-10-04T02:30, 2026-10-03T15:30:00Z",
                // Kathmandu is +05:45 all year
                "Asia/Kathmandu,      2026-03-29T09:00, 2026-03-29T03:15:00Z",
                "Asia/Kathmandu,      2026-10-25T00:00, 2026-10-24T18:15:00Z",
                // Santiago changes at midnight: forward 00:00 -> 01:00 on 2026-09-06, back 00:00 -> 23:00 on 2026-04-05
                "America/Santiago,    2026-09-06T00:00, 2026-09-06T04:00:00Z",
                "America/Santiago,    2026-09-06T00:30, 2026-09-06T04:30:00Z",
                "America/Santiago,    2026-04-04T23:30, 2026-04-05T02:30:00Z",
                // Sydney: back 03:00 -> 02:00 on 2026-04-05, forward 02:00 -> 03:00 on 2026-10-04
                "Australia/Sydney,    2026-04-05T02:30, 2026-04-04T15:30:00Z",
                "Australia/Sydney,    2026-10-04T02:30, 2026-10-03T16:30:00Z",
        })
        void dailyHandoffOnADstChangeFollowsGapAndOverlapRules(String zone, String localHandoff, String expected) {
            LocalDateTime handoff = LocalDateTime.parse(localHandoff);
            OnCallCalculator calculator = calculator(ZoneId.of(zone),
                    layer(handoff.minusDays(3).toString(), "P1D", List.of("before", "after")));
            assertHandoff(calculator, at(expected), "before", "after");
        }

        @Test
        void berlinSpringForwardHandoffAtHalfPastTwoMovesForwardAnHour() {
            OnCallCalculator calculator = calculator(BERLIN,
                    layer("2026-03-27T02:30", "P1D", List.of("alice", "bob", "carol")));

            assertEquals(List.of(
                    shift("alice", "2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z"),
                    // 02:30 on the 29th does not exist: carol takes over at 03:30 CEST, still 01:30Z
                    shift("bob", "2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z"),
                    // back to 02:30 local on the 30th: her day has 23 hours
                    shift("carol", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"),
                    shift("alice", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z")),
                    calculator.shifts(at("2026-03-27T00:00:00Z"), at("2026-03-31T00:30:00Z")));
        }

        @Test
        void berlinFallBackHandoffAtHalfPastTwoTakesTheFirstHalfPastTwo() {
            OnCallCalculator calculator = calculator(BERLIN,
                    layer("2026-10-24T02:30", "P1D", List.of("alice", "bob")));

            List<Shift> shifts = calculator.shifts(at("2026-10-24T00:30:00Z"), at("2026-10-27T01:30:00Z"));

            assertEquals(List.of(
                    shift("alice", "2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z"),
                    shift("bob", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
                    shift("alice", "2026-10-26T01:30:00Z", "2026-10-27T01:30:00Z")), shifts);
            assertEquals(Duration.ofHours(25), Duration.between(shifts.get(1).start(), shifts.get(1).end()));
            // the second 02:30 of the night is still bob's
            assertEquals(List.of("bob"), calculator.onCallAt(at("2026-10-25T01:30:00Z")));
        }

        @Test
        void weeklyNineOClockHandoffStaysAtNineLocalAcrossDst() {
            OnCallCalculator calculator = calculator(BERLIN,
                    layer("2026-03-23T09:00", "P1W", List.of("alice", "bob")));

            assertEquals(List.of(
                    shift("alice", "2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z"),
                    shift("bob", "2026-03-30T07:00:00Z", "2026-04-06T07:00:00Z")),
                    calculator.shifts(at("2026-03-23T00:00:00Z"), at("2026-04-06T07:00:00Z")));
        }

        @Test
        void newYorkFallBackHandoffAtHalfPastOneHappensAtTheFirstHalfPastOne() {
            OnCallCalculator calculator = calculator(NEW_YORK,
                    layer("2026-10-31T01:30", "P1D", List.of("alice", "bob")));

            assertEquals(List.of("alice"), calculator.onCallAt(at("2026-11-01T05:29:59Z")));
            assertEquals(List.of("bob"), calculator.onCallAt(at("2026-11-01T05:30:00Z")));
            // 01:30 EST, an hour later, is the second 01:30 and changes nothing
            assertEquals(List.of("bob"), calculator.onCallAt(at("2026-11-01T06:30:00Z")));
            assertEquals(List.of("alice"), calculator.onCallAt(at("2026-11-02T06:30:00Z")));
        }

        @Test
        void twelveHourElapsedShiftsDriftAnHourOnTheWallClockAtSpringForward() {
            OnCallCalculator calculator = calculator(BERLIN,
                    layer("2026-03-28T08:00", "PT12H", List.of("day", "night")));

            assertEquals(List.of(
                    shift("day", "2026-03-28T07:00:00Z", "2026-03-28T19:00:00Z"),
                    shift("night", "2026-03-28T19:00:00Z", "2026-03-29T07:00:00Z"),
                    // 12 real hours later it is 09:00 CEST, not 08:00
                    shift("day", "2026-03-29T07:00:00Z", "2026-03-29T19:00:00Z")),
                    calculator.shifts(at("2026-03-28T00:00:00Z"), at("2026-03-29T19:00:00Z")));
        }

        @Test
        void twelveHourElapsedShiftsDriftAnHourOnTheWallClockAtFallBack() {
            OnCallCalculator calculator = calculator(NEW_YORK,
                    layer("2026-10-31T08:00", "PT12H", List.of("day", "night")));

            assertHandoff(calculator, at("2026-11-01T00:00:00Z"), "day", "night");
            // 07:00 EST: the night shift still lasted 12 hours
            assertHandoff(calculator, at("2026-11-01T12:00:00Z"), "night", "day");
        }

        @Test
        void elapsedRotationStartingInsideTheGapStartsAfterIt() {
            OnCallCalculator calculator = calculator(BERLIN,
                    layer("2026-03-29T02:30", "PT8H", List.of("alice", "bob")));

            assertEquals(List.of(), calculator.onCallAt(at("2026-03-29T01:29:59Z")));
            assertEquals(List.of("alice"), calculator.onCallAt(at("2026-03-29T01:30:00Z")));
            assertEquals(List.of("bob"), calculator.onCallAt(at("2026-03-29T09:30:00Z")));
        }

        @Test
        void lordHoweThirtyMinuteFallBackMakesTheNightWindowHalfAnHourLonger() {
            // 22:00-06:00 on the night of 2026-04-04/05 includes the repeated half hour 01:30-02:00
            OnCallCalculator calculator = calculator(LORD_HOWE,
                    layer("2026-01-01T00:00", "P1W", List.of("owl"), window("22:00", "06:00", SATURDAY)));

            List<Shift> shifts = calculator.shifts(at("2026-04-04T00:00:00Z"), at("2026-04-05T00:00:00Z"));

            assertEquals(List.of(shift("owl", "2026-04-04T11:00:00Z", "2026-04-04T19:30:00Z")), shifts);
        }

        @Test
        void kathmanduBusinessHoursSitOnQuarterHoursInUtc() {
            OnCallCalculator calculator = calculator(KATHMANDU,
                    layer("2026-01-05T09:00", "P1W", List.of("asha"), window("09:00", "17:00", WEEKDAYS.toArray(DayOfWeek[]::new))));

            assertEquals(List.of(
                    shift("asha", "2026-01-05T03:15:00Z", "2026-01-05T11:15:00Z"),
                    shift("asha", "2026-01-06T03:15:00Z", "2026-01-06T11:15:00Z")),
                    calculator.shifts(at("2026-01-05T00:00:00Z"), at("2026-01-07T00:00:00Z")));
        }

        @Test
        void santiagoMidnightHandoffOnSpringForwardDayMovesToOneAm() {
            OnCallCalculator calculator = calculator(SANTIAGO,
                    layer("2026-09-05T00:00", "P1D", List.of("ana", "beto")));

            // 00:00 on 2026-09-06 does not exist; the handoff happens at 01:00 -03, so ana's day has 23 hours
            assertEquals(List.of(
                    shift("ana", "2026-09-05T04:00:00Z", "2026-09-06T04:00:00Z"),
                    shift("beto", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z")),
                    calculator.shifts(at("2026-09-05T00:00:00Z"), at("2026-09-07T03:00:00Z")));
        }

        @Test
        void sydneyWeekdayWindowKeepsItsLocalHoursInBothSeasons() {
            OnCallCalculator calculator = calculator(SYDNEY,
                    layer("2026-01-05T09:00", "P1W", List.of("matilda"), window("09:00", "17:00", MONDAY)));

            // 09:00 AEDT (+11) in March, 09:00 AEST (+10) in April
            assertEquals(List.of(shift("matilda", "2026-03-29T22:00:00Z", "2026-03-30T06:00:00Z")),
                    calculator.shifts(at("2026-03-29T00:00:00Z"), at("2026-03-31T00:00:00Z")));
            assertEquals(List.of(shift("matilda", "2026-04-05T23:00:00Z", "2026-04-06T07:00:00Z")),
                    calculator.shifts(at("2026-04-05T00:00:00Z"), at("2026-04-07T00:00:00Z")));
        }
    }

    @Nested
    class Restrictions {

        @ParameterizedTest(name = "at {0} UTC the night owl is on call: {1}")
        @CsvSource({
                "2026-01-05T20:59:59Z, false",
                "2026-01-05T21:00:00Z, true",   // 22:00 Berlin
                "2026-01-05T23:00:00Z, true",   // midnight
                "2026-01-06T04:59:59Z, true",
                "2026-01-06T05:00:00Z, false",  // 06:00 Berlin
                "2026-01-06T12:00:00Z, false",
        })
        void nightWindowRunsFromTenInTheEveningToSixTheNextMorning(String instant, boolean onCall) {
            OnCallCalculator calculator = calculator(BERLIN,
                    layer("2026-01-01T00:00", "P1W", List.of("owl"), window("22:00", "06:00")));

            assertEquals(onCall ? List.of("owl") : List.of(), calculator.onCallAt(at(instant)));
        }

        @Test
        void nightWindowBelongsToTheDayItOpens() {
            // Friday night only: on call Friday 22:00 to Saturday 06:00, not Thursday night into Friday
            OnCallCalculator calculator = calculator(UTC,
                    layer("2026-01-01T00:00", "P1W", List.of("owl"), window("22:00", "06:00", FRIDAY)));

            assertEquals(List.of(), calculator.onCallAt(at("2026-01-09T05:00:00Z")));       // Friday 05:00
            assertEquals(List.of("owl"), calculator.onCallAt(at("2026-01-10T05:00:00Z")));  // Saturday 05:00
            assertEquals(List.of(shift("owl", "2026-01-09T22:00:00Z", "2026-01-10T06:00:00Z")),
                    calculator.shifts(at("2026-01-05T00:00:00Z"), at("2026-01-12T00:00:00Z")));
        }

        @Test
        void nightWindowOverSpringForwardLastsSevenHours() {
            OnCallCalculator calculator = calculator(BERLIN,
                    layer("2026-01-01T00:00", "P1W", List.of("owl"), window("22:00", "06:00", SATURDAY)));

            assertEquals(List.of(shift("owl", "2026-03-28T21:00:00Z", "2026-03-29T04:00:00Z")),
                    calculator.shifts(at("2026-03-28T00:00:00Z"), at("2026-03-30T00:00:00Z")));
        }

        @Test
        void windowInsideTheSkippedHourIsEmpty() {
            OnCallCalculator calculator = calculator(BERLIN,
                    layer("2026-01-01T00:00", "P1W", List.of("ghost"), window("02:00", "03:00")));

            assertEquals(List.of(shift("ghost", "2026-03-28T01:00:00Z", "2026-03-28T02:00:00Z"),
                            shift("ghost", "2026-03-30T00:00:00Z", "2026-03-30T01:00:00Z")),
                    calculator.shifts(at("2026-03-28T00:00:00Z"), at("2026-03-31T00:00:00Z")));
        }

        @Test
        void equalStartAndEndIsAFullDayWindow() {
            OnCallCalculator calculator = calculator(UTC,
                    layer("2026-01-01T00:00", "P1W", List.of("mo"), window("09:00", "09:00", MONDAY)));

            assertEquals(List.of(shift("mo", "2026-01-05T09:00:00Z", "2026-01-06T09:00:00Z")),
                    calculator.shifts(at("2026-01-04T00:00:00Z"), at("2026-01-11T00:00:00Z")));
        }

        @Test
        void overlappingWindowsOfOneLayerJoin() {
            OnCallCalculator calculator = calculator(UTC,
                    layer("2026-01-01T00:00", "P1W", List.of("ann"),
                            window("08:00", "12:00", MONDAY), window("11:00", "14:00", MONDAY), window("14:00", "15:00")));

            assertEquals(List.of(shift("ann", "2026-01-05T08:00:00Z", "2026-01-05T15:00:00Z")),
                    calculator.shifts(at("2026-01-05T00:00:00Z"), at("2026-01-06T00:00:00Z")));
        }

        @Test
        void handoffInsideAWindowSplitsItBetweenTheTwoUsers() {
            OnCallCalculator calculator = calculator(UTC,
                    layer("2026-01-05T09:00", "P1D", List.of("ann", "ben"), window("08:00", "10:00")));

            assertEquals(List.of(
                    shift("ann", "2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z"),
                    shift("ann", "2026-01-06T08:00:00Z", "2026-01-06T09:00:00Z"),
                    shift("ben", "2026-01-06T09:00:00Z", "2026-01-06T10:00:00Z")),
                    calculator.shifts(at("2026-01-05T00:00:00Z"), at("2026-01-07T00:00:00Z")));
            assertEquals(List.of(
                    gap("2026-01-05T00:00:00Z", "2026-01-05T09:00:00Z"),
                    gap("2026-01-05T10:00:00Z", "2026-01-06T08:00:00Z"),
                    gap("2026-01-06T10:00:00Z", "2026-01-07T00:00:00Z")),
                    calculator.gaps(at("2026-01-05T00:00:00Z"), at("2026-01-07T00:00:00Z")));
        }

        @Test
        void followTheSunFromThreeRestrictedLayersCoversEveryHour() {
            // Schedule in UTC; each region covers its own business hours.
            Layer apac = new Layer("APAC", LocalDateTime.parse("2026-01-05T00:00"), ShiftLength.parse("P1W"),
                    List.of("sydney-1", "sydney-2"), List.of(window("23:00", "07:00")));   // 09:00-17:00 AEST
            Layer emea = new Layer("EMEA", LocalDateTime.parse("2026-01-05T00:00"), ShiftLength.parse("P1W"),
                    List.of("berlin-1", "berlin-2"), List.of(window("07:00", "15:00")));   // 09:00-17:00 CEST
            Layer amer = new Layer("AMER", LocalDateTime.parse("2026-01-05T00:00"), ShiftLength.parse("P1W"),
                    List.of("denver-1", "denver-2"), List.of(window("15:00", "23:00")));   // 09:00-17:00 MDT
            OnCallCalculator calculator = calculator(UTC, apac, emea, amer);

            assertEquals(List.of(), calculator.gaps(at("2026-01-05T00:00:00Z"), at("2026-02-05T00:00:00Z")));
            assertEquals(List.of("sydney-1"), calculator.onCallAt(at("2026-01-06T02:00:00Z")));
            assertEquals(List.of("berlin-1"), calculator.onCallAt(at("2026-01-06T07:00:00Z")));
            assertEquals(List.of("denver-1"), calculator.onCallAt(at("2026-01-06T22:59:59Z")));
            assertEquals(List.of("sydney-2"), calculator.onCallAt(at("2026-01-13T23:00:00Z")));
            assertEquals(List.of(
                    shift("sydney-1", "2026-01-06T00:00:00Z", "2026-01-06T07:00:00Z"),
                    shift("berlin-1", "2026-01-06T07:00:00Z", "2026-01-06T15:00:00Z"),
                    shift("denver-1", "2026-01-06T15:00:00Z", "2026-01-06T23:00:00Z"),
                    shift("sydney-1", "2026-01-06T23:00:00Z", "2026-01-07T00:00:00Z")),
                    calculator.shifts(at("2026-01-06T00:00:00Z"), at("2026-01-07T00:00:00Z")));
        }

        @Test
        void followTheSunLeavesAGapWhereTheRegionsDoNotMeet() {
            Layer apac = layer("2026-01-05T00:00", "P1W", List.of("sydney"), window("23:00", "07:00"));
            Layer emea = layer("2026-01-05T00:00", "P1W", List.of("berlin"), window("07:00", "14:30"));
            Layer amer = layer("2026-01-05T00:00", "P1W", List.of("denver"), window("15:00", "23:00"));
            OnCallCalculator calculator = calculator(UTC, apac, emea, amer);

            assertEquals(List.of(gap("2026-01-06T14:30:00Z", "2026-01-06T15:00:00Z")),
                    calculator.gaps(at("2026-01-06T00:00:00Z"), at("2026-01-07T00:00:00Z")));
        }
    }

    @Nested
    class Layers {

        @Test
        void nobodyIsOnCallBeforeRotationStart() {
            OnCallCalculator calculator = calculator(BERLIN, layer("2026-01-05T09:00", "P1W", List.of("alice", "bob")));

            assertEquals(List.of(), calculator.onCallAt(at("2026-01-05T07:59:59.999999999Z")));
            assertEquals(List.of("alice"), calculator.onCallAt(at("2026-01-05T08:00:00Z")));
            assertEquals(List.of(gap("2026-01-01T00:00:00Z", "2026-01-05T08:00:00Z")),
                    calculator.gaps(at("2026-01-01T00:00:00Z"), at("2026-01-06T00:00:00Z")));
            assertEquals(List.of(), calculator.shifts(at("2025-01-01T00:00:00Z"), at("2026-01-05T08:00:00Z")));
        }

        @Test
        void laterLayerWinsWhereItHasSomeone() {
            Layer base = layer("2026-01-05T09:00", "P1W", List.of("alice", "bob"));
            Layer business = layer("2026-01-05T00:00", "P1D", List.of("carol", "dave"),
                    window("09:00", "17:00", WEEKDAYS.toArray(DayOfWeek[]::new)));
            OnCallCalculator calculator = calculator(UTC, base, business);

            assertEquals(List.of("carol"), calculator.onCallAt(at("2026-01-05T12:00:00Z")));
            assertEquals(List.of("alice"), calculator.onCallAt(at("2026-01-05T17:00:00Z")));
            assertEquals(List.of("dave"), calculator.onCallAt(at("2026-01-06T16:59:59Z")));
            assertEquals(List.of("alice"), calculator.onCallAt(at("2026-01-10T12:00:00Z"))); // Saturday
            assertEquals(List.of(
                    shift("carol", "2026-01-05T09:00:00Z", "2026-01-05T17:00:00Z"),
                    shift("alice", "2026-01-05T17:00:00Z", "2026-01-06T09:00:00Z"),
                    shift("dave", "2026-01-06T09:00:00Z", "2026-01-06T17:00:00Z"),
                    shift("alice", "2026-01-06T17:00:00Z", "2026-01-07T00:00:00Z")),
                    calculator.shifts(at("2026-01-05T09:00:00Z"), at("2026-01-07T00:00:00Z")));
        }

        @Test
        void earlierLayerCoversUntilTheLaterLayerStarts() {
            Layer base = layer("2026-01-01T00:00", "P1W", List.of("alice"));
            Layer next = layer("2026-02-01T00:00", "P1W", List.of("bob"));
            OnCallCalculator calculator = calculator(UTC, base, next);

            assertEquals(List.of(
                    shift("alice", "2026-01-20T00:00:00Z", "2026-02-01T00:00:00Z"),
                    shift("bob", "2026-02-01T00:00:00Z", "2026-02-10T00:00:00Z")),
                    calculator.shifts(at("2026-01-20T00:00:00Z"), at("2026-02-10T00:00:00Z")));
        }

        @Test
        void oneUsersConsecutiveShiftsMergeIntoOneInterval() {
            OnCallCalculator calculator = calculator(UTC, layer("2026-01-01T00:00", "P1D", List.of("solo")));

            assertEquals(List.of(shift("solo", "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z")),
                    calculator.shifts(at("2025-12-01T00:00:00Z"), at("2026-03-01T00:00:00Z")));
        }

        @Test
        void aUserInTwoLayersIsMergedAcrossTheLayerBoundary() {
            Layer base = layer("2026-01-01T00:00", "P1W", List.of("alice"));
            Layer business = layer("2026-01-01T00:00", "P1W", List.of("alice", "bob"), window("09:00", "17:00"));
            OnCallCalculator calculator = calculator(UTC, base, business);

            assertEquals(List.of(shift("alice", "2026-01-01T00:00:00Z", "2026-01-08T09:00:00Z"),
                            shift("bob", "2026-01-08T09:00:00Z", "2026-01-08T17:00:00Z"),
                            shift("alice", "2026-01-08T17:00:00Z", "2026-01-09T00:00:00Z")),
                    calculator.shifts(at("2026-01-01T00:00:00Z"), at("2026-01-09T00:00:00Z")));
        }

        @Test
        void monthlyRotationFromTheThirtyFirstClampsToShorterMonths() {
            OnCallCalculator calculator = calculator(UTC, layer("2026-01-31T10:00", "P1M", List.of("a", "b", "c")));

            assertEquals(List.of(
                    shift("a", "2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z"),
                    shift("b", "2026-02-28T10:00:00Z", "2026-03-31T10:00:00Z"),
                    shift("c", "2026-03-31T10:00:00Z", "2026-04-30T10:00:00Z")),
                    calculator.shifts(at("2026-01-01T00:00:00Z"), at("2026-04-30T10:00:00Z")));
        }

        @Test
        void rotationFarInTheFutureFindsTheRightShiftWithoutWalking() {
            OnCallCalculator calculator = calculator(BERLIN, layer("2000-01-03T09:00", "P1W", List.of("a", "b", "c")));

            // 2026-01-05 is 1357 weeks after 2000-01-03; 1357 mod 3 = 1
            assertHandoff(calculator, at("2026-01-05T08:00:00Z"), "a", "b");
        }

        @Test
        void layerWithoutParticipantsHasNobody() {
            Layer empty = layer("2026-01-01T00:00", "P1D", List.of());
            OnCallCalculator calculator = calculator(UTC, layer("2026-01-01T00:00", "P1D", List.of("base")), empty);

            assertEquals(List.of("base"), calculator.onCallAt(at("2026-01-02T00:00:00Z")));
            assertEquals(List.of(gap("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")),
                    calculator(UTC, empty).gaps(at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z")));
        }

        @Test
        void scheduleWithoutLayersIsOneGap() {
            OnCallCalculator calculator = new OnCallCalculator(UTC, List.of(), List.of());

            assertEquals(List.of(), calculator.onCallAt(at("2026-01-01T00:00:00Z")));
            assertEquals(List.of(gap("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")),
                    calculator.gaps(at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z")));
        }

        @Test
        void emptyRangeHasNeitherShiftsNorGapsAndReversedRangeIsRejected() {
            OnCallCalculator calculator = calculator(UTC, layer("2026-01-01T00:00", "P1D", List.of("a")));

            assertEquals(List.of(), calculator.shifts(at("2026-01-02T00:00:00Z"), at("2026-01-02T00:00:00Z")));
            assertEquals(List.of(), calculator.gaps(at("2026-01-02T00:00:00Z"), at("2026-01-02T00:00:00Z")));
            assertThrows(IllegalArgumentException.class,
                    () -> calculator.shifts(at("2026-01-02T00:00:00Z"), at("2026-01-01T00:00:00Z")));
        }
    }

    @Nested
    class Overrides {

        final Layer allDayAlice = layer("2026-01-01T00:00", "P1W", List.of("alice"));

        @Test
        void overrideReplacesTheLayersForItsInterval() {
            OnCallCalculator calculator = calculator(UTC,
                    List.of(override("dave", "2026-01-05T10:00:00Z", "2026-01-05T12:00:00Z")), allDayAlice);

            assertEquals(List.of("dave"), calculator.onCallAt(at("2026-01-05T10:00:00Z")));
            assertEquals(List.of("alice"), calculator.onCallAt(at("2026-01-05T12:00:00Z")));
            assertEquals(List.of(
                    shift("alice", "2026-01-05T00:00:00Z", "2026-01-05T10:00:00Z"),
                    shift("dave", "2026-01-05T10:00:00Z", "2026-01-05T12:00:00Z"),
                    shift("alice", "2026-01-05T12:00:00Z", "2026-01-06T00:00:00Z")),
                    calculator.shifts(at("2026-01-05T00:00:00Z"), at("2026-01-06T00:00:00Z")));
        }

        @Test
        void overlappingOverridesAllApplyInTheOrderGiven() {
            OnCallCalculator calculator = calculator(UTC, List.of(
                    override("erin", "2026-01-05T11:00:00Z", "2026-01-05T13:00:00Z"),
                    override("dave", "2026-01-05T10:00:00Z", "2026-01-05T12:00:00Z")), allDayAlice);

            assertEquals(List.of("dave"), calculator.onCallAt(at("2026-01-05T10:30:00Z")));
            assertEquals(List.of("erin", "dave"), calculator.onCallAt(at("2026-01-05T11:30:00Z")));
            assertEquals(List.of("erin"), calculator.onCallAt(at("2026-01-05T12:30:00Z")));
            assertEquals(List.of(
                    shift("alice", "2026-01-05T00:00:00Z", "2026-01-05T10:00:00Z"),
                    shift("dave", "2026-01-05T10:00:00Z", "2026-01-05T12:00:00Z"),
                    shift("erin", "2026-01-05T11:00:00Z", "2026-01-05T13:00:00Z"),
                    shift("alice", "2026-01-05T13:00:00Z", "2026-01-06T00:00:00Z")),
                    calculator.shifts(at("2026-01-05T00:00:00Z"), at("2026-01-06T00:00:00Z")));
        }

        @Test
        void overlappingOverridesOfOneUserCountOnce() {
            OnCallCalculator calculator = calculator(UTC, List.of(
                    override("dave", "2026-01-05T10:00:00Z", "2026-01-05T12:00:00Z"),
                    override("dave", "2026-01-05T11:00:00Z", "2026-01-05T14:00:00Z")), allDayAlice);

            assertEquals(List.of("dave"), calculator.onCallAt(at("2026-01-05T11:30:00Z")));
            assertEquals(List.of(shift("dave", "2026-01-05T10:00:00Z", "2026-01-05T14:00:00Z")),
                    calculator.shifts(at("2026-01-05T10:00:00Z"), at("2026-01-05T14:00:00Z")));
        }

        @Test
        void overrideFillsAGap() {
            OnCallCalculator calculator = calculator(UTC,
                    List.of(override("dave", "2026-01-05T20:00:00Z", "2026-01-06T02:00:00Z")),
                    layer("2026-01-05T00:00", "P1W", List.of("alice"), window("09:00", "17:00")));

            assertEquals(List.of(gap("2026-01-05T17:00:00Z", "2026-01-05T20:00:00Z"),
                            gap("2026-01-06T02:00:00Z", "2026-01-06T09:00:00Z")),
                    calculator.gaps(at("2026-01-05T09:00:00Z"), at("2026-01-06T09:00:00Z")));
        }

        @Test
        void overrideByTheUserAlreadyOnCallJustExtendsTheirInterval() {
            OnCallCalculator calculator = calculator(UTC,
                    List.of(override("alice", "2026-01-05T17:00:00Z", "2026-01-05T18:00:00Z")),
                    layer("2026-01-05T00:00", "P1W", List.of("alice"), window("09:00", "17:00")));

            assertEquals(List.of(shift("alice", "2026-01-05T09:00:00Z", "2026-01-05T18:00:00Z")),
                    calculator.shifts(at("2026-01-05T00:00:00Z"), at("2026-01-06T00:00:00Z")));
        }

        @Test
        void overrideBeforeRotationStartStillApplies() {
            OnCallCalculator calculator = calculator(UTC,
                    List.of(override("dave", "2025-12-31T00:00:00Z", "2026-01-01T01:00:00Z")), allDayAlice);

            assertEquals(List.of(shift("dave", "2025-12-31T00:00:00Z", "2026-01-01T01:00:00Z"),
                            shift("alice", "2026-01-01T01:00:00Z", "2026-01-02T00:00:00Z")),
                    calculator.shifts(at("2025-12-30T00:00:00Z"), at("2026-01-02T00:00:00Z")));
        }

        @Test
        void overrideMustEndAfterItStarts() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> override("dave", "2026-01-05T12:00:00Z", "2026-01-05T12:00:00Z"));
            assertTrue(e.getMessage().contains("after"), e.getMessage());
        }

        @Test
        void shiftsAreClippedToTheRequestedRange() {
            OnCallCalculator calculator = calculator(UTC,
                    List.of(override("dave", "2026-01-05T10:00:00Z", "2026-01-05T12:00:00Z")), allDayAlice);

            assertEquals(List.of(shift("dave", "2026-01-05T11:00:00Z", "2026-01-05T11:30:00Z")),
                    calculator.shifts(at("2026-01-05T11:00:00Z"), at("2026-01-05T11:30:00Z")));
        }
    }
}
