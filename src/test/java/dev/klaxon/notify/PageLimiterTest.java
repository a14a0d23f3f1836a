package dev.klaxon.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageLimiterTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final List<PageLimiter.Limit> VOICE = PageLimiter.Limit.parseAll(List.of("3/PT15M", "7/PT1H"));
    static final Duration WINDOW = Duration.ofMinutes(2);

    private static List<Instant> at(int... minutesAgoFromNow) {
        List<Instant> out = new ArrayList<>();
        for (int m : minutesAgoFromNow) {
            out.add(T0.minus(Duration.ofMinutes(m)));
        }
        return out; // newest first when given in ascending "minutes ago"
    }

    @Test
    void parsesCountSlashWindowAndNone() {
        assertEquals(new PageLimiter.Limit(3, Duration.ofMinutes(15)), PageLimiter.Limit.parse("3/PT15M"));
        assertEquals(new PageLimiter.Limit(7, Duration.ofHours(1)), PageLimiter.Limit.parse(" 7 / pt1h "));
        assertTrue(PageLimiter.Limit.parseAll(List.of("none")).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PageLimiter.Limit.parse("3 per 15 minutes"));
        assertThrows(IllegalArgumentException.class, () -> PageLimiter.Limit.parse("0/PT1M"));
    }

    @Test
    void underEveryLimitTheRoomLeftIsAllowed() {
        PageLimiter.Decision d = PageLimiter.decide(VOICE, at(20, 40), null, WINDOW, T0);
        assertFalse(d.held());
        assertEquals(3, d.allowed(), "nothing in the last 15 minutes; 2 of 7 in the hour");
        assertEquals(1, PageLimiter.decide(VOICE, at(1, 5), null, WINDOW, T0).allowed());
    }

    @Test
    void threeCallsInFifteenMinutesHoldTheFourthUntilTheOldestLeavesTheWindow() {
        PageLimiter.Decision d = PageLimiter.decide(VOICE, at(1, 5, 10), null, WINDOW, T0);
        assertTrue(d.held());
        assertEquals(T0.minus(Duration.ofMinutes(10)).plus(Duration.ofMinutes(15)), d.heldUntil());
        assertTrue(d.reason().contains("3 per 15m"), d.reason());
    }

    @Test
    void sevenCallsInAnHourHoldUntilTheSeventhNewestIsAnHourOld() {
        PageLimiter.Decision d = PageLimiter.decide(VOICE, at(16, 20, 25, 30, 40, 50, 55), null, WINDOW, T0);
        assertTrue(d.held());
        assertEquals(T0.minus(Duration.ofMinutes(55)).plus(Duration.ofHours(1)), d.heldUntil());
    }

    @Test
    void aPageExactlyOneWindowOldNoLongerCounts() {
        assertEquals(1, PageLimiter.decide(VOICE, at(5, 10, 15), null, WINDOW, T0).allowed());
    }

    @Test
    void afterABundleTheNextWaitsForTheBundleWindowToClose() {
        Instant bundle = T0.minus(Duration.ofSeconds(30));
        PageLimiter.Decision d = PageLimiter.decide(List.of(), List.of(bundle), bundle, WINDOW, T0);
        assertTrue(d.held());
        assertEquals(bundle.plus(WINDOW), d.heldUntil());
        assertFalse(PageLimiter.decide(List.of(), List.of(bundle), bundle, WINDOW, bundle.plus(WINDOW)).held());
    }

    @Test
    void noLimitsAllowEverything() {
        PageLimiter.Decision d = PageLimiter.decide(List.of(), at(0, 0, 0, 0), null, WINDOW, T0);
        assertEquals(Integer.MAX_VALUE, d.allowed());
        assertNull(d.heldUntil());
    }
}
