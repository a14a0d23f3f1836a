package dev.klaxon.notify;

/**
 * A provider did not take a message. The message is written for the alert's timeline: which provider, where, and
 * what went wrong, without secrets.
 */
public class ProviderException extends Exception {

    private final boolean rejected;

    /**
     * @param rejected the provider answered and refused this particular request (a 4xx: bad topic, unknown user key):
     *                 the provider itself is fine, so such a refusal does not count towards its circuit breaker
     */
    public ProviderException(String message, boolean rejected) {
        super(message);
        this.rejected = rejected;
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
        this.rejected = false;
    }

    public boolean rejected() {
        return rejected;
    }
}
