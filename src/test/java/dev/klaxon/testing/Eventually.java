package dev.klaxon.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: waits for async work, never for time. */
public final class Eventually {

    private Eventually() {
    }

    public static <T> T await(Supplier<T> probe, Predicate<T> done, String what) {
        return await(probe, done, Pages.WAIT, what);
    }

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
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
    }
}
