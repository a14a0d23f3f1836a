package dev.klaxon.engine;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertLifecycle;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.TimelineKind;
import dev.klaxon.notify.Dispatcher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * The cluster-wide sweeps, one Quartz trigger each (never one per alert). Work is divided by row locks
 * (SKIP LOCKED), so two replicas sweeping at once page nothing twice.
 */
@ApplicationScoped
public class EscalationSweep {

    private static final Logger LOG = Logger.getLogger(EscalationSweep.class);
    static final int BATCH = 50;

    @Inject
    AlertService alerts;

    @Inject
    EscalationEngine engine;

    @Inject
    Dispatcher dispatcher;

    @Inject
    InstantSource clock;

    @Inject
    AlertLifecycle lifecycle;

    private volatile Instant lastSweep;

    @Scheduled(identity = "escalation-sweep", every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        runOnce();
    }

    /** Advances every alert whose step is due; returns how many it advanced. */
    public int runOnce() {
        int total = 0;
        try {
            while (true) {
                int n = QuarkusTransaction.requiringNew().call(() -> {
                    List<Alert> due = alerts.claimDueEscalations(BATCH);
                    due.forEach(this::advance);
                    return due.size();
                });
                total += n;
                if (n < BATCH) {
                    break;
                }
            }
            lastSweep = clock.instant();
        } catch (RuntimeException e) {
            LOG.warnf("escalation sweep failed, next one retries: %s", e.toString());
        }
        return total;
    }

    /** Says on the timeline why the next step is paged now, then pages it. */
    private void advance(Alert a) {
        if (lifecycle.resumePaging(a)) {
            alerts.log(a, TimelineKind.MAINTENANCE_ENDED, null, "Maintenance over and the alert is still open: paging starts");
        } else {
            alerts.log(a, TimelineKind.ESCALATED, null, "Step " + (a.escalationStep + 1) + " was not acknowledged within its delay: "
                    + "escalating");
        }
        engine.advance(a);
    }

    @Scheduled(identity = "outbox-lease-sweep", every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void leases() {
        try {
            dispatcher.reconcileExpiredLeases();
        } catch (RuntimeException e) {
            LOG.warnf("outbox lease sweep failed, next one retries: %s", e.toString());
        }
    }

    public Instant lastSweep() {
        return lastSweep;
    }
}
