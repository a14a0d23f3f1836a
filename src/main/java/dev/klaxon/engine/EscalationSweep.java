package dev.klaxon.engine;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.notify.Dispatcher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster-wide sweeps, one Quartz trigger each (never one per alert). Work is divided by row locks
 * (SKIP LOCKED), so two replicas sweeping at once page nothing twice.
 */
@ApplicationScoped
public class EscalationSweep {

    private static final Logger LOG = Logger.getLogger(EscalationSweep.class);
    static final int BATCH = 50;
    /** Transactions that work through a backlog of due steps side by side. */
    static final int WORKERS = 4;

    @Inject
    AlertService alerts;

    @Inject
    EscalationEngine engine;

    @Inject
    Dispatcher dispatcher;

    @Inject
    InstantSource clock;

    @Inject
    UnreachableSteps unreachable;

    private volatile Instant lastSweep;
    private ExecutorService workers;

    @Scheduled(identity = "escalation-sweep", every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        runOnce();
    }

    /**
     * Advances every alert whose step is due, then every alert of whose current step nobody can be reached;
     * returns how many it advanced.
     */
    public int runOnce() {
        int total = 0;
        try {
            int n = batch();
            total += n;
            if (n == BATCH) {
                // a backlog (maintenance windows ending together, a replica back after an outage): several
                // transactions claim disjoint batches side by side (SKIP LOCKED), so the database's round trips
                // overlap instead of queueing behind one another
                List<Future<Integer>> workers = new ArrayList<>();
                for (int i = 0; i < WORKERS; i++) {
                    workers.add(workers().submit(() -> {
                        int done = 0;
                        int m;
                        do {
                            m = batch();
                            done += m;
                        } while (m == BATCH);
                        return done;
                    }));
                }
                RuntimeException failed = null;
                for (Future<Integer> w : workers) {
                    try {
                        total += w.get();
                    } catch (ExecutionException e) {
                        failed = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
                if (failed != null) {
                    throw failed;
                }
            }
            total += unreachable.handOn();
            lastSweep = clock.instant();
        } catch (RuntimeException e) {
            LOG.warnf("escalation sweep failed, next one retries: %s", e.toString());
        }
        return total;
    }

    /** Claims one batch of due alerts and pages their next steps together, in one transaction; returns how many. */
    private int batch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Alert> due = alerts.claimDueEscalations(BATCH);
            engine.advanceDue(due);
            return due.size();
        });
    }

    private synchronized ExecutorService workers() {
        if (workers == null) {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor p = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "klaxon-escalate-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            p.allowCoreThreadTimeOut(true); // none while nothing is due
            workers = p;
        }
        return workers;
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
