package dev.klaxon.notify;

import java.time.Instant;

/**
 * A circuit breaker refused the call: the provider has been failing, so it was not tried. Not an attempt at the
 * page — the outbox defers the page to {@link #retryAt()} instead of counting it.
 */
public class CircuitOpenException extends ProviderException {

    private final transient Instant retryAt;

    public CircuitOpenException(String message, Instant retryAt) {
        super(message, false);
        this.retryAt = retryAt;
    }

    /** When the breaker lets a call through again (it may refuse once more if a trial call is running). */
    public Instant retryAt() {
        return retryAt;
    }
}
