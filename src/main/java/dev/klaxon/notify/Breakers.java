package dev.klaxon.notify;

import dev.klaxon.platform.KlaxonConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's circuit breakers: one per channel for single-provider channels (Twilio SMS and voice, settings
 * {@code klaxon.dispatch.breaker.*}), one per endpoint for the others ({@link ProviderCircuits}). Publishes
 * {@code klaxon_breaker_state{channel}} (0 closed, 1 half open, 2 open: the operator's provider of that channel)
 * and {@code klaxon_breakers_open{channel}} (open breakers of the channel, a user's own webhook receiver included).
 */
@ApplicationScoped
public class Breakers {

    /** Every channel Klaxon pages through. */
    public static final List<String> CHANNELS = List.of("SMS", "VOICE", "EMAIL", "NTFY", "PUSHOVER", "WEBHOOK");

    private record Endpoint(String channel, boolean operator, CircuitBreaker breaker) {
    }

    @Inject
    InstantSource clock;

    @Inject
    KlaxonConfig config;

    @Inject
    MeterRegistry metrics;

    private final Map<String, CircuitBreaker> channels = new ConcurrentHashMap<>();
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    void publish(@Observes StartupEvent e) {
        for (String channel : CHANNELS) {
            if (!"WEBHOOK".equals(channel)) {
                Gauge.builder("klaxon.breaker.state", this, b -> code(b.provider(channel).state()))
                        .description("circuit breaker of the channel's provider: 0 closed, 1 half open, 2 open")
                        .tag("channel", channel).register(metrics);
            }
            Gauge.builder("klaxon.breakers.open", this, b -> b.openCount(channel))
                    .description("open circuit breakers of the channel (endpoints included)")
                    .tag("channel", channel).register(metrics);
        }
    }

    /** The channel-wide breaker of a single-provider channel. */
    public CircuitBreaker channel(String channel) {
        return channels.computeIfAbsent(channel, c -> {
            KlaxonConfig.Dispatch.Breaker b = config.dispatch().breaker();
            return new CircuitBreaker(b.requestVolume(), b.failureRatio(), b.delay(), clock);
        });
    }

    /** The breaker of one endpoint of a channel; {@code operator}: it is the operator's configured provider. */
    public CircuitBreaker endpoint(String channel, String endpoint, boolean operator) {
        return endpoints.computeIfAbsent(channel + " " + endpoint, k -> new Endpoint(channel, operator,
                new CircuitBreaker(ProviderCircuits.WINDOW, (double) ProviderCircuits.FAILURES_TO_OPEN / ProviderCircuits.WINDOW,
                        ProviderCircuits.OPEN_FOR, clock))).breaker();
    }

    /**
     * How the channel's provider looks from this replica: its channel breaker, or the worst of the operator's
     * endpoints (closed when it has none yet).
     */
    public CircuitBreaker.Snapshot provider(String channel) {
        CircuitBreaker own = channels.get(channel);
        if (own != null) {
            return own.snapshot();
        }
        List<CircuitBreaker.Snapshot> all = endpoints.values().stream()
                .filter(e -> e.channel().equals(channel) && e.operator()).map(e -> e.breaker().snapshot()).toList();
        CircuitBreaker.Snapshot worst = all.stream().max(Comparator.comparing(CircuitBreaker.Snapshot::state)).orElse(null);
        if (worst == null) {
            return new CircuitBreaker.Snapshot(CircuitBreaker.State.CLOSED, null, null, clock.instant());
        }
        Instant since = all.stream().map(CircuitBreaker.Snapshot::failingSince).filter(s -> s != null)
                .min(Comparator.naturalOrder()).orElse(null);
        Instant success = all.stream().map(CircuitBreaker.Snapshot::lastSuccess).filter(s -> s != null)
                .max(Comparator.naturalOrder()).orElse(null);
        return new CircuitBreaker.Snapshot(worst.state(), since, success, worst.retryAt());
    }

    /** Every channel's provider as this replica sees it (channels it never called are closed). */
    public Map<String, CircuitBreaker.Snapshot> providers() {
        Map<String, CircuitBreaker.Snapshot> out = new LinkedHashMap<>();
        for (String c : CHANNELS) {
            if (!"WEBHOOK".equals(c)) {
                out.put(c, provider(c));
            }
        }
        return out;
    }

    /** Closes every breaker (operations: the providers are known to be back; tests). */
    public void resetAll() {
        channels.values().forEach(CircuitBreaker::reset);
        endpoints.values().forEach(e -> e.breaker().reset());
    }

    private long openCount(String channel) {
        long n = endpoints.values().stream().filter(e -> e.channel().equals(channel))
                .filter(e -> e.breaker().state() != CircuitBreaker.State.CLOSED).count();
        CircuitBreaker own = channels.get(channel);
        return n + (own != null && own.state() != CircuitBreaker.State.CLOSED ? 1 : 0);
    }

    private static double code(CircuitBreaker.State s) {
        return switch (s) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
