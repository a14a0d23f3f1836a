package dev.klaxon.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PacerTest {

    @Test
    void callsAtTheSameMomentAreSpacedOneIntervalApart() {
        AtomicLong now = new AtomicLong(1_000);
        Pacer p = new Pacer(Duration.ofSeconds(1), now::get);
        assertEquals(Duration.ZERO, p.reserve());
        assertEquals(Duration.ofSeconds(1), p.reserve());
        assertEquals(Duration.ofSeconds(2), p.reserve());
    }

    @Test
    void aQuietPeriodDoesNotBankSlots() {
        AtomicLong now = new AtomicLong(0);
        Pacer p = new Pacer(Duration.ofSeconds(1), now::get);
        p.reserve();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(Duration.ZERO, p.reserve());
        assertEquals(Duration.ofSeconds(1), p.reserve(), "ten quiet seconds do not allow a burst afterwards");
    }

    @Test
    void halfASecondAfterACallTheNextWaitsTheOtherHalf() {
        AtomicLong now = new AtomicLong(0);
        Pacer p = new Pacer(Duration.ofSeconds(1), now::get);
        p.reserve();
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertEquals(Duration.ofMillis(500), p.reserve());
    }

    @Test
    void zeroIntervalNeverWaits() {
        Pacer p = new Pacer(Duration.ZERO, () -> 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ZERO, p.reserve());
        }
    }
}
