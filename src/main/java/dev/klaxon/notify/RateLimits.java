package dev.klaxon.notify;

import dev.klaxon.directory.ContactType;
import dev.klaxon.platform.KlaxonConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The {@code klaxon.rate-limit.*} and {@code klaxon.bundle.*} settings, parsed once and checked at start: a
 * mistyped limit must stop the start, not every page later.
 */
@ApplicationScoped
public class RateLimits {

    @Inject
    KlaxonConfig config;

    private final Map<String, List<PageLimiter.Limit>> byChannel = new ConcurrentHashMap<>();

    /** Runs among the first startup observers (after {@code SettingsCheck}), before the dispatcher starts sending. */
    void checkSettings(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent e) {
        for (ContactType channel : ContactType.values()) {
            try {
                limits(channel.name());
            } catch (RuntimeException ex) {
                throw new IllegalStateException("klaxon.rate-limit." + channel.name().toLowerCase(Locale.ROOT)
                        + " is not a list of count/ISO-8601 duration pairs such as 3/PT15M: " + ex.getMessage(), ex);
            }
        }
        if (config.bundle().threshold() < 1 || config.bundle().window().isNegative() || config.bundle().window().isZero()) {
            throw new IllegalStateException("klaxon.bundle.threshold must be at least 1 and klaxon.bundle.window positive");
        }
    }

    /** The channel's own limits (none for a channel without a setting). */
    public List<PageLimiter.Limit> limits(String channel) {
        return byChannel.computeIfAbsent(channel, c -> Arrays.stream(ContactType.values())
                .filter(t -> t.name().equals(c)).findFirst().map(this::parse).orElse(List.of()));
    }

    /** Whether the channel's pages are rate-limited and bundled ({@code klaxon.bundle.channels}). */
    public boolean bundles(String channel) {
        Set<String> channels = config.bundle().channels().stream().map(s -> s.strip().toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
        return channels.contains(channel);
    }

    private List<PageLimiter.Limit> parse(ContactType channel) {
        KlaxonConfig.RateLimit r = config.rateLimit();
        List<String> values = switch (channel) {
            case VOICE -> r.voice();
            case SMS -> r.sms();
            case EMAIL -> r.email();
            case NTFY -> r.ntfy();
            case PUSHOVER -> r.pushover();
            case WEBHOOK -> r.webhook();
        };
        return PageLimiter.Limit.parseAll(values);
    }
}
