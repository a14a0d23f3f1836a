package dev.klaxon.engine;

import dev.klaxon.notify.ProviderException;
import dev.klaxon.notify.ProviderHttp;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.OutboundGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A dead-man's switch for the pager itself: with {@code klaxon.watchdog.url} set, every replica pings that URL
 * (a plain {@code GET}) every {@code klaxon.watchdog.interval} while it is ready, so a service such as
 * healthchecks.io or Dead Man's Snitch pages someone when the pings stop — Klaxon down, or not ready, or cut off.
 * Each replica pings on its own (not a clustered job): the pings stop only when no replica is ready. The call goes
 * through {@link ProviderHttp} (connect and response timeouts, circuit breaker); the URL is a secret and is never
 * logged, only its host.
 */
@ApplicationScoped
public class Watchdog {

    private static final Logger LOG = Logger.getLogger(Watchdog.class);

    @Inject
    KlaxonConfig config;

    @Inject
    SmallRyeHealthReporter health;

    @Inject
    MeterRegistry metrics;

    @Inject
    OutboundGuard guard;

    @Inject
    dev.klaxon.notify.Breakers breakers;

    private ScheduledExecutorService timer;
    private ProviderHttp http;

    void start(@Observes StartupEvent e) {
        if (config.watchdog().url().isEmpty()) {
            return;
        }
        KlaxonConfig.Watchdog w = config.watchdog();
        // the operator's own URL: trusted like a configured provider base URL (it may be an in-cluster service)
        http = new ProviderHttp("watchdog", w.connectTimeout(), w.responseTimeout(),
                new dev.klaxon.notify.ProviderCircuits("watchdog", "WATCHDOG", breakers, endpoint -> false), guard, w.url().get());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "klaxon-watchdog");
            t.setDaemon(true);
            return t;
        });
        long every = w.interval().toMillis();
        timer.scheduleWithFixedDelay(this::pingIfReady, 0, every, TimeUnit.MILLISECONDS);
        LOG.infof("watchdog: pinging %s every %s while ready", ProviderHttp.endpoint(w.url().get()), w.interval());
    }

    void stop(@Observes ShutdownEvent e) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One round: ping when this replica is ready; a failed ping is logged and counted, never thrown. */
    void pingIfReady() {
        try {
            if (health.getReadiness().isDown()) {
                metrics.counter("klaxon.watchdog.pings", "outcome", "not-ready").increment();
                return;
            }
            URI url = config.watchdog().url().orElseThrow();
            http.call(HttpRequest.newBuilder(url).GET().header("User-Agent", "Klaxon watchdog"), answer -> answer);
            metrics.counter("klaxon.watchdog.pings", "outcome", "sent").increment();
        } catch (ProviderException ex) {
            metrics.counter("klaxon.watchdog.pings", "outcome", "failed").increment();
            LOG.warnf("watchdog ping failed: %s", ex.getMessage());
        } catch (RuntimeException ex) {
            metrics.counter("klaxon.watchdog.pings", "outcome", "failed").increment();
            LOG.warnf("watchdog ping failed: %s", ex.toString());
        }
    }
}
