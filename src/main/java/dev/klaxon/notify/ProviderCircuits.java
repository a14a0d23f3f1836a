package dev.klaxon.notify;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * One circuit breaker per endpoint of a provider (an ntfy server, a webhook receiver, the SMTP relay): after
 * {@link #FAILURES_TO_OPEN} failures among the last {@link #WINDOW} calls to an endpoint, calls to it fail at once
 * for {@link #OPEN_FOR}, then one trial call decides whether it closes again. A dead server thus costs no dispatch
 * thread and no timeout per page, and other endpoints of the same provider are not affected. Refusals of a single
 * request ({@link ProviderException#rejected()}) say the endpoint answered: they count as healthy calls.
 * The breakers live in {@link Breakers}, on Klaxon's clock.
 */
public final class ProviderCircuits {

    public static final int WINDOW = 5;
    public static final int FAILURES_TO_OPEN = 3;
    public static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private final String provider;
    private final String channel;
    private final Breakers breakers;
    private final Predicate<String> operatorEndpoint;

    /**
     * @param channel          the channel these calls page through (metrics, the provider-outage alert)
     * @param operatorEndpoint which endpoints are the operator's configured provider (an outage of one of them is
     *                         a provider outage); a user's own webhook receiver or ntfy server is not
     */
    public ProviderCircuits(String provider, String channel, Breakers breakers, Predicate<String> operatorEndpoint) {
        this.provider = provider;
        this.channel = channel;
        this.breakers = breakers;
        this.operatorEndpoint = operatorEndpoint;
    }

    /** Runs the call through the endpoint's breaker; every failure comes out as a {@link ProviderException}. */
    public <T> T call(String endpoint, Callable<T> action) throws ProviderException {
        CircuitBreaker b = breakers.endpoint(channel, endpoint, operatorEndpoint.test(endpoint));
        if (!b.tryAcquire()) {
            throw new CircuitOpenException(provider + " at " + endpoint + " is failing; circuit open, not called (next try at "
                    + b.retryAt() + ")", b.retryAt());
        }
        try {
            T result = action.call();
            b.success();
            return result;
        } catch (ProviderException e) {
            if (e.rejected()) {
                b.success();
            } else {
                b.failure();
            }
            throw e;
        } catch (InterruptedException e) {
            b.release();
            Thread.currentThread().interrupt();
            throw new ProviderException(provider + " call to " + endpoint + " was interrupted", e);
        } catch (Exception e) {
            b.failure();
            throw new ProviderException(provider + " at " + endpoint + " failed: " + dev.klaxon.platform.ErrorWords.of(e), e);
        } catch (Error e) {
            b.release();
            throw e;
        }
    }
}
