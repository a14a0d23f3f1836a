package dev.klaxon.testing;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** The clock every domain class sees in tests: it stands still until a test moves it. */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock implements InstantSource {

    public static final Instant START = Instant.parse("2026-11-22T03:30:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    @Override
    public Instant instant() {
        return now.get();
    }

    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    public void set(Instant t) {
        now.set(t);
    }

    /** Back to {@link #START}; {@link TestIsolation} does this before every test class. */
    public void reset() {
        now.set(START);
    }
}
