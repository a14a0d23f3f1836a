package dev.klaxon.engine;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertLifecycle;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import dev.klaxon.service.Timers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cluster-wide sweep of alert timers: acknowledgements and snoozes that ran out re-trigger their alert, idle
 * alerts of services with autoResolve resolve. One Quartz trigger; replicas divide the rows with SKIP LOCKED.
 * (Maintenance needs no sweep of its own: a deferred alert is due at the window's end in the escalation sweep.)
 */
@ApplicationScoped
public class LifecycleSweep {

    private static final Logger LOG = Logger.getLogger(LifecycleSweep.class);
    static final int BATCH = 50;

    @Inject
    AlertLifecycle lifecycle;

    @Inject
    ServiceCatalog services;

    @Inject
    InstantSource clock;

    @Scheduled(identity = "lifecycle-sweep", every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        runOnce();
    }

    /** Applies every timer that is due now; returns how many alerts changed. */
    public int runOnce() {
        int total = 0;
        try {
            total += inBatches(() -> {
                List<Alert> due = lifecycle.claimExpiredAcknowledgements(BATCH);
                due.forEach(lifecycle::acknowledgementExpired);
                return due.size();
            });
        } catch (RuntimeException e) {
            LOG.warnf("lifecycle sweep: expired acknowledgements failed, next sweep retries: %s", e.toString());
        }
        List<Service> autoResolving;
        try {
            autoResolving = services.withAutoResolve();
        } catch (RuntimeException e) {
            LOG.warnf("lifecycle sweep: could not list services with autoResolve: %s", e.toString());
            return total;
        }
        for (Service s : autoResolving) {
            // each service on its own: one that fails is logged and the others still auto-resolve
            try {
                Duration after = Timers.bounded(s.autoResolveSeconds);
                total += inBatches(() -> {
                    List<Alert> idle = lifecycle.claimIdle(s.id, clock.instant().minus(after), BATCH);
                    idle.forEach(a -> lifecycle.autoResolve(a, after));
                    return idle.size();
                });
            } catch (RuntimeException e) {
                LOG.warnf("lifecycle sweep: auto-resolve of service %s failed, the others go on: %s", s.id, e.toString());
            }
        }
        return total;
    }

    private static int inBatches(Supplier<Integer> batch) {
        int total = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew().call(batch::get);
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }
}
