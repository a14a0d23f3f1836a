package dev.klaxon.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one polling wait of Klaxon's tests: polls a probe until it holds or a deadline passes. It waits for
 * asynchronous work (the dispatcher, background sweeps, another replica), never for time — to wait for time, move
 * the {@link TestClock}. Before a "nothing happened" assertion use {@link Settled#await()} instead.
 */
public final class Eventually {

    /** How long a wait lasts before it fails the test: long enough for a loaded 2-core CI machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final Duration POLL = Duration.ofMillis(25);

    private Eventually() {
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value, for at most {@link #TIMEOUT}.
     *
     * @return the first accepted value
     * @throws AssertionError after the timeout, naming {@code what} and the last value seen
     */
    public static <T> T await(Supplier<T> probe, Predicate<T> done, String what) {
        return await(probe, done, TIMEOUT, what);
    }

    /** As {@link #await(Supplier, Predicate, String)} with an explicit timeout. */
    public static <T> T await(Supplier<T> probe, Predicate<T> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + what + " within " + timeout + "; last seen: " + value);
            }
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** Polls until {@code condition} holds, for at most {@link #TIMEOUT}; fails naming {@code what}. */
    public static void until(BooleanSupplier condition, String what) {
        await(condition::getAsBoolean, Boolean.TRUE::equals, what);
    }
}
