package dev.klaxon.notify;

import java.time.Duration;
import java.time.Instant;

/**
 * When a page that did not go out is tried again. Pure.
 *
 * <ul>
 *   <li>A definite refusal of this message (an invalid number, a 4xx that says the request is wrong) is never
 *       retried: it fails for good and the next contact method takes over.</li>
 *   <li>A page of an alert is never abandoned by a counter: a failed attempt is retried after 5, 10, 20, 40 s and
 *       then every minute, for as long as the alert is unacknowledged and its step current (the dispatcher
 *       cancels it when either stops being true).</li>
 *   <li>A message without an alert (a test message, a handoff reminder) gives up after {@link #NOTICE_ATTEMPTS}.</li>
 *   <li>A page an open circuit breaker kept from its provider was not attempted at all: it waits for the breaker
 *       ({@link #deferredUntil}) and keeps its attempt count.</li>
 * </ul>
 */
public final class RetryPlan {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** A breaker refusal is retried no sooner than this, so a running trial call is not polled in a tight loop. */
    static final Duration MIN_DEFERRAL = Duration.ofSeconds(1);
    static final int NOTICE_ATTEMPTS = 4;

    private RetryPlan() {
    }

    /**
     * The time of the next attempt after a failed one, or null to fail for good.
     *
     * @param attempts    attempts made so far, the failed one included (1 after the first)
     * @param ofAnAlert   the message pages for an alert (or is a bundle of such pages)
     * @param refused     the provider refused this message for good
     */
    public static Instant retryAt(int attempts, boolean ofAnAlert, boolean refused, Instant now) {
        if (refused || (!ofAnAlert && attempts >= NOTICE_ATTEMPTS)) {
            return null;
        }
        return now.plus(backoff(attempts));
    }

    /** 5 s after the first failed attempt, doubling, at most a minute. */
    static Duration backoff(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 10));
        Duration d = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** When a page refused by an open breaker is tried again: when the breaker allows it, at least a second on. */
    public static Instant deferredUntil(Instant breakerRetryAt, Instant now) {
        Instant earliest = now.plus(MIN_DEFERRAL);
        return breakerRetryAt == null || breakerRetryAt.isBefore(earliest) ? earliest : breakerRetryAt;
    }
}
