package dev.klaxon.notify;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces calls to one provider account evenly (e.g. Twilio's one call per second): each caller reserves the next
 * free slot and waits for it. Measured on a monotonic clock, per replica.
 */
public final class Pacer {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextSlot;
    private boolean started;

    public Pacer(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = Math.max(0, interval.toNanos());
        this.nanoTime = nanoTime;
    }

    /** Reserves the next slot; returns how long the caller must wait for it. */
    public synchronized Duration reserve() {
        if (intervalNanos == 0) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        long slot = !started || nextSlot - now < 0 ? now : nextSlot;
        started = true;
        nextSlot = slot + intervalNanos;
        return Duration.ofNanos(slot - now);
    }

    /** Waits for this caller's slot. */
    public void await() throws InterruptedException {
        Duration wait = reserve();
        if (!wait.isZero()) {
            TimeUnit.NANOSECONDS.sleep(wait.toNanos());
        }
    }
}
