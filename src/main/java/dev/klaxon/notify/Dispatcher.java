package dev.klaxon.notify;

import dev.klaxon.platform.DatabaseAvailability;
import dev.klaxon.platform.KlaxonConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends what the outbox holds. One loop per replica claims due rows (SKIP LOCKED, so replicas never share a row),
 * channel by channel, passes them through the {@link Throttle} (rate limits, bundling) and hands each to a pool of
 * provider calls ({@link PageSender}: pacing, the call, recording its answer). Each channel has its own concurrency
 * limit and circuit breaker, so a provider that hangs or fails holds only its own channel's slots: the others keep
 * going.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    /** Fallback poll for pages whose not-before time came (and for a missed wake-up). */
    private static final long POLL_MILLIS = 250;
    /** How often this replica writes its breakers' state for the cluster ({@link ProviderReports}). */
    private static final long REPORT_NANOS = 5_000_000_000L;

    @Inject
    PageSender pages;

    @Inject
    OutboxClaims claims;

    @Inject
    Throttle throttle;

    @Inject
    DispatchSignal signal;

    @Inject
    KlaxonConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    Breakers breakers;

    @Inject
    ProviderReports reports;

    @Inject
    DatabaseAvailability database;

    private final Map<String, Semaphore> channelSlots = new ConcurrentHashMap<>();
    private ExecutorService pool;
    private Semaphore capacity;
    private Thread loop;
    private volatile boolean running;
    private volatile boolean paused;
    private volatile boolean stopping;
    private volatile long lastTick = System.nanoTime();

    void start(@Observes StartupEvent e) {
        int threads = config.dispatch().threads();
        AtomicInteger n = new AtomicInteger();
        // a thread is started only when no idle one is left and stops after 30 s idle, so a quiet replica holds
        // none; how many run at once is bounded by the capacity and channel semaphores, not by the pool (a pool with
        // 128 core threads would start a new one for every task until it had all 128)
        pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "klaxon-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        capacity = new Semaphore(threads);
        running = true;
        loop = new Thread(this::run, "klaxon-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    /**
     * Graceful stop (SIGTERM): claim nothing more, give back the rows claimed but not yet handed to a provider (so
     * other replicas send them at once, not after the lease), and let the provider calls already in flight finish
     * within {@code klaxon.dispatch.shutdown-wait} (each is bounded by its own timeouts anyway).
     */
    void stop(@Observes ShutdownEvent e) {
        stopClaiming();
        try {
            pool.shutdown();
            Duration wait = config.dispatch().shutdownWait();
            if (!pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("provider calls still running after %s; their rows are settled by reconciliation", wait);
                pool.shutdownNow();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    /**
     * SIGTERM with {@code quarkus.shutdown.delay}: readiness is DOWN from now on, so claim nothing more already;
     * the delay only lets the load balancer catch up for the HTTP side.
     */
    void stopClaimingEarly(@Observes ShutdownDelayInitiatedEvent e) {
        stopClaiming();
    }

    private synchronized void stopClaiming() {
        if (stopping) {
            return;
        }
        stopping = true;
        running = false;
        pages.stopCalling(); // from now on a send thread gives its row back instead of calling the provider
        signal.wake();
        try {
            loop.join(5_000); // the round in progress hands its claimed rows to the pool (or gives them back)
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        pages.giveBackWaiting(); // rows waiting for their pacer go back; calls under way finish
    }

    /** Readiness: the dispatch loop runs and went round within the last 30 s (a round waits at most 250 ms). */
    public boolean loopAlive() {
        return loop != null && loop.isAlive() && System.nanoTime() - lastTick < TimeUnit.SECONDS.toNanos(30);
    }

    /**
     * Stops this replica's own loop from claiming (drain before maintenance; other replicas and explicit
     * {@link #drain()} calls go on). Tests use it to stand in for a replica that died holding rows.
     */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        signal.wake();
    }

    private void run() {
        long reported = System.nanoTime() - REPORT_NANOS;
        while (running) {
            lastTick = System.nanoTime();
            try {
                signal.await(POLL_MILLIS);
                if (running && !paused && database.up()) { // while it is away, claiming can only fail
                    drain();
                }
                if (System.nanoTime() - reported >= REPORT_NANOS) { // elapsed time between reports, not domain time
                    reported = System.nanoTime();
                    reports.report();
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException ex) {
                // the database may be away; keep the loop alive and try again on the next tick
                LOG.warnf("dispatch round failed: %s", ex.toString());
            }
        }
    }

    /**
     * Claims and sends everything due now that the channels have room for; returns how many rows it claimed.
     * A channel whose slots are all busy (its provider hangs) is skipped: its rows stay pending and unclaimed
     * until a slot frees up, and every other channel goes on. Safe to call from many threads.
     */
    public int drain() throws InterruptedException {
        int total = 0;
        boolean more = true;
        while (more && !stopping) {
            more = false;
            for (String channel : claims.dueChannels()) {
                Semaphore slots = slots(channel);
                int batch = config.dispatch().batchSize();
                int free = Math.min(batch, Math.min(slots.availablePermits(), capacity.availablePermits()));
                if (free <= 0 || !slots.tryAcquire(free)) {
                    continue;
                }
                if (!capacity.tryAcquire(free)) {
                    slots.release(free);
                    continue;
                }
                List<OutboxEntry> claimed = List.of();
                Throttle.Admission decided;
                try {
                    claimed = claims.claimDue(channel, free);
                    decided = claimed.isEmpty() ? Throttle.Admission.NONE : throttle.admit(claimed);
                } catch (RuntimeException ex) {
                    slots.release(free);
                    capacity.release(free);
                    // claimed (committed SENDING) but the decision failed (the database went away, a statement was
                    // canceled): hand the rows back now instead of leaving them to the lease's expiry
                    pages.giveBack(claimed.stream().map(r -> r.id).toList(),
                            "their dispatch decision failed: " + ex.getClass().getSimpleName());
                    throw ex;
                }
                pages.giveBack(decided.undecided(), "another transaction held them; the next round decides");
                List<OutboxEntry> toSend = decided.send();
                int unused = free - Math.min(free, toSend.size());
                if (unused > 0) {
                    slots.release(unused);
                    capacity.release(unused);
                }
                for (OutboxEntry row : toSend) {
                    try {
                        pool.execute(() -> {
                            try {
                                pages.send(row);
                            } finally {
                                slots.release();
                                capacity.release();
                                signal.wake(); // a slot is free: rows that waited for it may go
                            }
                        });
                    } catch (RejectedExecutionException stopped) {
                        slots.release();
                        capacity.release();
                        pages.giveBack(List.of(row.id), "shutting down");
                    }
                }
                // rows whose alert a writer held (the decision never waits for one): now, after the others went,
                // wait for each such alert on its own, then cancel or give them back
                decided.busy().forEach((alert, ids) -> {
                    try {
                        throttle.settleBusy(alert, ids);
                    } catch (RuntimeException ex) {
                        LOG.warnf("could not settle %d claimed page(s) of a busy alert; their lease expires instead: %s",
                                ids.size(), ex.toString());
                    }
                });
                total += claimed.size();
                more |= claimed.size() == free; // as many as there was room for: more may be due
            }
        }
        return total;
    }

    /**
     * Send-pool slots this replica holds right now: rows being claimed or handed to a provider and not yet recorded.
     * 0 means this replica's dispatcher is idle (tests wait for it before asserting that nothing more was sent).
     */
    public int inFlight() {
        return capacity == null ? 0 : config.dispatch().threads() - capacity.availablePermits();
    }

    /**
     * Settles rows whose sender died mid-send: asks the provider, re-sends only what did not go out
     * ({@link PageSender#reconcileExpiredLeases()}). @return how many expired leases it took on (50 at most)
     */
    public int reconcileExpiredLeases() {
        return pages.reconcileExpiredLeases();
    }

    /** Closes every circuit breaker of this replica (operations: the providers are known to be back). */
    public void resetBreakers() {
        breakers.resetAll();
    }

    private Semaphore slots(String channel) {
        return channelSlots.computeIfAbsent(channel, c -> {
            int size = Math.max(1, Math.min(concurrency(config.dispatch().concurrency(), c), config.dispatch().threads()));
            Semaphore slots = new Semaphore(size);
            metrics.gauge("klaxon.dispatch.in.flight", io.micrometer.core.instrument.Tags.of("channel", c), slots,
                    s -> size - s.availablePermits());
            return slots;
        });
    }

    /** Provider calls in flight allowed for a channel: its provider's {@code klaxon.dispatch.concurrency.*}. */
    static int concurrency(KlaxonConfig.Dispatch.Concurrency c, String channel) {
        return switch (channel) {
            case "SMS", "VOICE" -> c.twilio();
            case "NTFY" -> c.ntfy();
            case "PUSHOVER" -> c.pushover();
            case "EMAIL" -> c.email();
            case "WEBHOOK" -> c.webhook();
            default -> 4;
        };
    }
}
