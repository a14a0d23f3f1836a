package dev.klaxon.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A circuit breaker on Klaxon's clock (the injected {@link InstantSource}), so that the time a provider has been
 * failing, the retry time of a deferred page and the "provider outage" alert all run on one clock — in tests
 * the {@code TestClock}, which the wall-clock breakers of SmallRye Fault Tolerance cannot follow.
 *
 * <p>Closed, it counts the outcomes of the last {@code window} calls and opens when {@code failureRatio} of a full
 * window failed. Open, it refuses every call for {@code openFor}; then it is half open and lets one trial call
 * through: success closes it, failure opens it again. {@link #failingSince()} is when it first opened and stays
 * set through re-openings until it closes: that is how long the provider has been failing. Thread-safe.</p>
 */
public final class CircuitBreaker {

    /** Closed: calls go through. Open: refused until {@link #retryAt()}. Half open: one trial call at a time. */
    public enum State { CLOSED, HALF_OPEN, OPEN }

    /** What the breaker looks like now. {@code failingSince} is null while closed. */
    public record Snapshot(State state, Instant failingSince, Instant lastSuccess, Instant retryAt) {
    }

    private final int window;
    private final double failureRatio;
    private final Duration openFor;
    private final InstantSource clock;
    private final boolean[] outcomes;
    private int recorded;
    private int next;
    private int failures;
    private State state = State.CLOSED;
    private Instant openedAt;
    private Instant failingSince;
    private Instant lastSuccess;
    private boolean trialInFlight;

    /**
     * @param window       calls in the rolling window (at least 1)
     * @param failureRatio share of failures in a full window that opens the breaker, in (0, 1]
     * @param openFor      how long an open breaker refuses calls before a trial
     */
    public CircuitBreaker(int window, double failureRatio, Duration openFor, InstantSource clock) {
        if (window < 1 || failureRatio <= 0 || failureRatio > 1 || openFor.isNegative()) {
            throw new IllegalArgumentException("window ≥ 1, 0 < failureRatio ≤ 1, openFor ≥ 0");
        }
        this.window = window;
        this.failureRatio = failureRatio;
        this.openFor = openFor;
        this.clock = clock;
        this.outcomes = new boolean[window];
    }

    /**
     * Asks to make a call. True: make it and report {@link #success()} or {@link #failure()} (a call that ends in
     * neither, such as an interrupted one, reports {@link #release()}). False: refused, try at {@link #retryAt()}.
     */
    public synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        if (state == State.OPEN && !now.isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialInFlight) {
                    yield false;
                }
                trialInFlight = true;
                yield true;
            }
        };
    }

    /** The provider answered (an accepted message, or a refusal of this one request: it is up either way). */
    public synchronized void success() {
        lastSuccess = clock.instant();
        if (state != State.CLOSED) {
            close();
        } else {
            record(false);
            openIfTooManyFailed();
        }
    }

    /** The provider failed this call (5xx, timeout, refused connection, TLS error). */
    public synchronized void failure() {
        if (state == State.HALF_OPEN) {
            open();
            return;
        }
        if (state == State.CLOSED) {
            record(true);
            openIfTooManyFailed();
        }
    }

    /** A call made after {@link #tryAcquire()} ended without telling anything about the provider. */
    public synchronized void release() {
        trialInFlight = false;
    }

    /** Closes the breaker (operations: the provider is known to be back). */
    public synchronized void reset() {
        close();
    }

    /** When a refused call may be tried again: the end of the open period, or now while a trial is running. */
    public synchronized Instant retryAt() {
        Instant now = clock.instant();
        if (state == State.OPEN) {
            Instant end = openedAt.plus(openFor);
            return end.isAfter(now) ? end : now;
        }
        return now;
    }

    /** When the provider started failing (the breaker first opened); null while closed. */
    public synchronized Instant failingSince() {
        return failingSince;
    }

    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            return State.HALF_OPEN;
        }
        return state;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(state(), failingSince, lastSuccess, retryAt());
    }

    private void openIfTooManyFailed() {
        if (recorded == window && failures >= failureRatio * window) {
            open();
        }
    }

    private void open() {
        Instant now = clock.instant();
        state = State.OPEN;
        openedAt = now;
        trialInFlight = false;
        if (failingSince == null) {
            failingSince = now;
        }
    }

    private void close() {
        state = State.CLOSED;
        openedAt = null;
        failingSince = null;
        trialInFlight = false;
        recorded = 0;
        next = 0;
        failures = 0;
    }

    private void record(boolean failed) {
        if (recorded == window) {
            if (outcomes[next]) {
                failures--;
            }
        } else {
            recorded++;
        }
        outcomes[next] = failed;
        if (failed) {
            failures++;
        }
        next = (next + 1) % window;
    }
}
