package dev.klaxon.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetryPlanTest {

    private static final Instant NOW = Instant.parse("2026-11-22T03:30:00Z");

    @Test
    void backoffStartsAtSecondsAndIsCappedAtAMinute() {
        long[] expected = {5, 10, 20, 40, 60, 60, 60};
        for (int attempts = 1; attempts <= expected.length; attempts++) {
            assertEquals(NOW.plusSeconds(expected[attempts - 1]), RetryPlan.retryAt(attempts, true, false, NOW),
                    "after attempt " + attempts);
        }
        assertEquals(NOW.plusSeconds(60), RetryPlan.retryAt(10_000, true, false, NOW), "no overflow, no giving up");
    }

    @Test
    void aPageOfAnAlertIsNeverAbandonedByACounter() {
        for (int attempts = 1; attempts < 500; attempts++) {
            assertEquals(NOW.plus(RetryPlan.backoff(attempts)), RetryPlan.retryAt(attempts, true, false, NOW));
        }
    }

    @Test
    void aRefusalFailsForGoodAtOnce() {
        assertNull(RetryPlan.retryAt(1, true, true, NOW));
        assertNull(RetryPlan.retryAt(1, false, true, NOW));
    }

    @Test
    void aMessageWithoutAnAlertGivesUpAfterFourAttempts() {
        assertEquals(NOW.plusSeconds(20), RetryPlan.retryAt(3, false, false, NOW));
        assertNull(RetryPlan.retryAt(4, false, false, NOW));
    }

    @Test
    void aBreakerRefusalWaitsForTheBreakerAndAtLeastASecond() {
        assertEquals(NOW.plusSeconds(25), RetryPlan.deferredUntil(NOW.plusSeconds(25), NOW));
        assertEquals(NOW.plus(Duration.ofSeconds(1)), RetryPlan.deferredUntil(NOW, NOW), "a trial call is running");
        assertEquals(NOW.plus(Duration.ofSeconds(1)), RetryPlan.deferredUntil(null, NOW));
    }
}
