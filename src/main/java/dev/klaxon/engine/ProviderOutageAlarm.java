package dev.klaxon.engine;

import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.Severity;
import dev.klaxon.notify.DeliveryHealth;
import dev.klaxon.notify.ProviderReports;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A provider outage is itself an alert. When a channel's provider has been failing (its circuit breaker open, on
 * the replicas' shared reports) for {@code klaxon.outage.alert-after}, an alert opens on the operator's chosen
 * service ({@code klaxon.outage.alert-service}, "Klaxon itself"), dedup key {@code klaxon:provider-outage:<channel>};
 * its escalation pages through whatever still works (the failing channel's pages are held and hand over to the
 * next contact method at once). The alert resolves when the provider works again.
 */
@ApplicationScoped
public class ProviderOutageAlarm {

    private static final Logger LOG = Logger.getLogger(ProviderOutageAlarm.class);
    static final String ACTOR = "klaxon";
    /** Channels with one operator-configured provider each (webhooks go to users' own receivers). */
    static final List<String> CHANNELS = List.of("SMS", "VOICE", "EMAIL", "NTFY", "PUSHOVER");

    @Inject
    ProviderReports reports;

    @Inject
    DeliveryHealth health;

    @Inject
    AlertService alerts;

    @Inject
    ServiceCatalog services;

    @Inject
    KlaxonConfig config;

    @Inject
    InstantSource clock;

    @Scheduled(identity = "provider-outage-alarm", every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warnf("provider outage check failed, the next one retries: %s", e.toString());
        }
    }

    public static String dedupKey(String channel) {
        return "klaxon:provider-outage:" + channel;
    }

    /** Reports this replica's breakers, then opens or resolves one alert per channel. Returns the failing channels. */
    public Map<String, Instant> runOnce() {
        QuarkusTransaction.requiringNew().run(reports::report);
        Map<String, Instant> failing = QuarkusTransaction.requiringNew().call(reports::failing);
        Instant now = clock.instant();
        Duration after = config.outage().alertAfter();
        Optional<UUID> service = service();
        for (String channel : CHANNELS) {
            Instant since = failing.get(channel);
            boolean outage = since != null && !since.isAfter(now.minus(after));
            if (outage) {
                LOG.warnf("the %s provider has been failing since %s", channel, since);
            }
            if (service.isEmpty()) {
                continue;
            }
            UUID serviceId = service.get();
            String key = dedupKey(channel);
            QuarkusTransaction.requiringNew().run(() -> {
                boolean open = alerts.hasOpen(serviceId, key);
                if (outage && !open) {
                    long waiting = health.waitingOnProvider().getOrDefault(channel, 0L);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("channel", channel);
                    details.put("failingSince", since.toString());
                    details.put("pagesWaiting", waiting);
                    alerts.process(serviceId, new AlertEvent(AlertEvent.Action.TRIGGER, key, "The " + channel
                            + " provider has been failing since " + since + ": its circuit breaker is open; " + waiting
                            + " page(s) wait for it and other contact methods take over", Severity.CRITICAL, ACTOR,
                            details, List.of(), null), ACTOR);
                } else if (since == null && open) {
                    alerts.process(serviceId, new AlertEvent(AlertEvent.Action.RESOLVE, key, null, null, ACTOR, null,
                            null, "The " + channel + " provider works again: a call went through"), ACTOR);
                }
            });
        }
        return failing;
    }

    /** The configured service, by id or by name; empty when none is set or it does not exist (said in the log). */
    private Optional<UUID> service() {
        Optional<String> chosen = config.outage().alertService().map(String::strip).filter(s -> !s.isEmpty());
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        String s = chosen.get();
        Optional<UUID> found = QuarkusTransaction.requiringNew().call(() -> {
            try {
                Service byId = services.find(UUID.fromString(s));
                if (byId != null) {
                    return Optional.of(byId.id);
                }
            } catch (IllegalArgumentException notAnId) {
                // a name
            }
            return services.list().stream().filter(v -> v.name.equals(s)).map(v -> v.id).findFirst();
        });
        if (found.isEmpty()) {
            LOG.warnf("klaxon.outage.alert-service names no service: %s", s);
        }
        return found;
    }
}
