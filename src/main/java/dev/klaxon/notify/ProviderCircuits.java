package dev.klaxon.notify;

import io.smallrye.faulttolerance.api.Guard;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per endpoint of a provider (an ntfy server, a webhook receiver, the SMTP relay): after
 * {@link #FAILURES_TO_OPEN} failures among the last {@link #WINDOW} calls to an endpoint, calls to it fail at once
 * for {@link #OPEN_FOR}, then one trial call decides whether it closes again. A dead server thus costs no dispatch
 * thread and no timeout per page, and other endpoints of the same provider are not affected. Refusals of a single
 * request ({@link ProviderException#rejected()}) say nothing about the endpoint's health and are not counted.
 */
public final class ProviderCircuits {

    public static final int WINDOW = 5;
    public static final int FAILURES_TO_OPEN = 3;
    public static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private final String provider;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();

    public ProviderCircuits(String provider) {
        this.provider = provider;
    }

    /** Runs the call through the endpoint's breaker; every failure comes out as a {@link ProviderException}. */
    @SuppressWarnings("unchecked")
    public <T> T call(String endpoint, Callable<T> action) throws ProviderException {
        Guard guard = guards.computeIfAbsent(endpoint, this::guard);
        Callable<Object> untyped = action::call;
        try {
            return (T) guard.call(untyped, Object.class);
        } catch (CircuitBreakerOpenException e) {
            throw new ProviderException(provider + " at " + endpoint + " failed " + FAILURES_TO_OPEN + " of its last "
                    + WINDOW + " calls; circuit open, not called (next try within " + OPEN_FOR.toSeconds() + " s)", false);
        } catch (ProviderException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(provider + " call to " + endpoint + " was interrupted", e);
        } catch (Exception e) {
            throw new ProviderException(provider + " at " + endpoint + " failed: " + dev.klaxon.platform.ErrorWords.of(e), e);
        }
    }

    /** The breaker's name for {@code CircuitBreakerMaintenance} (operations, tests). */
    public String name(String endpoint) {
        return "klaxon-" + provider + "-" + endpoint;
    }

    private Guard guard(String endpoint) {
        return Guard.create()
                .withDescription(provider + " " + endpoint)
                .withCircuitBreaker()
                .requestVolumeThreshold(WINDOW)
                .failureRatio((double) FAILURES_TO_OPEN / WINDOW)
                .delay(OPEN_FOR.toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .when(t -> !(t instanceof ProviderException p && p.rejected()))
                .name(name(endpoint))
                .done()
                .build();
    }
}
