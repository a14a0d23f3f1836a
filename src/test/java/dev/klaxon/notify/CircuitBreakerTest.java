package dev.klaxon.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:30:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final CircuitBreaker b = new CircuitBreaker(4, 0.5, Duration.ofSeconds(30), now::get);

    private void later(long seconds) {
        now.updateAndGet(t -> t.plusSeconds(seconds));
    }

    private void call(boolean ok) {
        assertTrue(b.tryAcquire());
        if (ok) {
            b.success();
        } else {
            b.failure();
        }
    }

    @Test
    void opensWhenHalfOfAFullWindowFailed() {
        call(false);
        call(false);
        call(false);
        assertEquals(CircuitBreaker.State.CLOSED, b.state(), "the window is not full yet");
        call(true);
        assertEquals(CircuitBreaker.State.OPEN, b.state());
        assertEquals(T0, b.failingSince());
        assertFalse(b.tryAcquire());
        assertEquals(T0.plusSeconds(30), b.retryAt());
    }

    @Test
    void aRollingWindowForgetsOldFailures() {
        call(false);
        call(true);
        call(true);
        call(true);
        call(false); // the window now holds true, true, true, false
        assertEquals(CircuitBreaker.State.CLOSED, b.state());
    }

    @Test
    void afterItsDelayOneTrialCallDecides() {
        openIt();
        later(30);
        assertEquals(CircuitBreaker.State.HALF_OPEN, b.state());
        assertTrue(b.tryAcquire(), "the trial");
        assertFalse(b.tryAcquire(), "only one trial at a time");
        assertEquals(now.get(), b.retryAt());
        b.failure();
        assertEquals(CircuitBreaker.State.OPEN, b.state());
        assertEquals(T0, b.failingSince(), "still failing since it first opened");
        later(30);
        assertTrue(b.tryAcquire());
        b.success();
        assertEquals(CircuitBreaker.State.CLOSED, b.state());
        assertNull(b.failingSince());
        assertEquals(now.get(), b.snapshot().lastSuccess());
    }

    @Test
    void aTrialThatEndedWithoutAnAnswerLetsTheNextOneThrough() {
        openIt();
        later(31);
        assertTrue(b.tryAcquire());
        b.release();
        assertTrue(b.tryAcquire());
    }

    @Test
    void resetClosesIt() {
        openIt();
        b.reset();
        assertEquals(CircuitBreaker.State.CLOSED, b.state());
        assertTrue(b.tryAcquire());
    }

    private void openIt() {
        for (int i = 0; i < 4; i++) {
            call(false);
        }
        assertEquals(CircuitBreaker.State.OPEN, b.state());
    }
}
