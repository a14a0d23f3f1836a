package dev.klaxon.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for asynchronous work (dispatcher, background sweeps) by polling a condition until a deadline. */
public final class Await {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Await() {
    }

    /** Polls until {@code value} returns something {@code accept}s; returns it. Fails with the last value seen. */
    public static <T> T until(Supplier<T> value, java.util.function.Predicate<T> accept, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = value.get();
            if (accept.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50); // polling interval of a wait on a condition, not a wait for time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + last);
    }

    public static void until(Supplier<Boolean> condition, String what) {
        until(condition, Boolean.TRUE::equals, what);
    }
}
