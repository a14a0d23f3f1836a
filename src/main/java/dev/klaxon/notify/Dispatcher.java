package dev.klaxon.notify;

import dev.klaxon.platform.AddressMask;
import dev.klaxon.platform.DatabaseAvailability;
import dev.klaxon.platform.Text;
import dev.klaxon.platform.KlaxonConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * provider calls. Each channel has its own concurrency limit and circuit breaker, so a provider that hangs or
 * fails holds only its own channel's slots: the others keep going.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    /** Fallback poll for pages whose not-before time came (and for a missed wake-up). */
    private static final long POLL_MILLIS = 250;
    /** How often this replica writes its breakers' state for the cluster ({@link ProviderReports}). */
    private static final long REPORT_NANOS = 5_000_000_000L;

    @Inject
    DeliveryState deliveryState;

    @Inject
    OutboxClaims claims;

    @Inject
    Throttle throttle;

    @Inject
    DispatchSignal signal;

    @Inject
    KlaxonConfig config;

    @Inject
    Instance<ChannelSender> senderBeans;

    @Inject
    MeterRegistry metrics;

    @Inject
    InstantSource clock;

    @Inject
    Breakers breakers;

    @Inject
    ProviderReports reports;

    @Inject
    DatabaseAvailability database;

    /** Channel name → its sender; built on first use ({@link #senders()}), not at start. */
    private volatile Map<String, ChannelSender> senders;
    private final Map<String, Semaphore> channelSlots = new ConcurrentHashMap<>();
    private final Map<String, Pacer> pacers = new ConcurrentHashMap<>();
    private ExecutorService pool;
    private Semaphore capacity;
    private Thread loop;
    private volatile boolean running;
    private volatile boolean paused;
    private volatile boolean stopping;
    private volatile long lastTick = System.nanoTime();
    /** Claimed rows whose send has not reached the provider yet (waiting for the pacer), with their thread. */
    private final Map<UUID, Thread> beforeCall = new ConcurrentHashMap<>();

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
        signal.wake();
        try {
            loop.join(5_000); // the round in progress hands its claimed rows to the pool (or gives them back)
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        List<UUID> released = new ArrayList<>();
        for (UUID id : List.copyOf(beforeCall.keySet())) {
            Thread waiting = beforeCall.remove(id);
            if (waiting != null) {
                released.add(id);
                waiting.interrupt();
            }
        }
        giveBack(released, "shutting down");
    }

    /** Readiness: the dispatch loop runs and went round within the last 30 s (a round waits at most 250 ms). */
    public boolean loopAlive() {
        return loop != null && loop.isAlive() && System.nanoTime() - lastTick < TimeUnit.SECONDS.toNanos(30);
    }

    /**
     * Claimed rows not yet sent go back to PENDING, due at once, for this or another replica's next round, instead of
     * waiting for their lease to expire. {@code why} says in the log line why they were not sent.
     */
    private void giveBack(List<UUID> ids, String why) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            int n = claims.release(ids);
            LOG.infof("gave back %d claimed page(s) not yet sent (%s); the next round takes them", n, why);
        } catch (RuntimeException ex) {
            LOG.warnf("could not give back %d claimed page(s) (%s); their lease expires instead: %s", ids.size(), why,
                    ex.toString());
        }
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
                List<OutboxEntry> toSend;
                try {
                    claimed = claims.claimDue(channel, free);
                    toSend = claimed.isEmpty() ? List.of() : throttle.admit(claimed);
                } catch (RuntimeException ex) {
                    slots.release(free);
                    capacity.release(free);
                    // claimed (committed SENDING) but the decision failed, e.g. PostgreSQL broke a deadlock with
                    // an ingest or a resolve: hand the rows back now instead of leaving them to the lease's expiry
                    giveBack(claimed.stream().map(r -> r.id).toList(),
                            "their dispatch decision failed: " + ex.getClass().getSimpleName());
                    throw ex;
                }
                int unused = free - Math.min(free, toSend.size());
                if (unused > 0) {
                    slots.release(unused);
                    capacity.release(unused);
                }
                for (OutboxEntry row : toSend) {
                    try {
                        pool.execute(() -> {
                            try {
                                send(row);
                            } finally {
                                slots.release();
                                capacity.release();
                                signal.wake(); // a slot is free: rows that waited for it may go
                            }
                        });
                    } catch (RejectedExecutionException stopped) {
                        slots.release();
                        capacity.release();
                        giveBack(List.of(row.id), "shutting down");
                    }
                }
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
     * The sender of each channel. Made when the first claimed row needs one, not at start: each sender builds its
     * HTTP client (TLS trust store, connection pool) or mailer when created, which a replica that has nothing to
     * send yet does not need before it is ready (issue 11, start-up).
     */
    private Map<String, ChannelSender> senders() {
        Map<String, ChannelSender> made = senders;
        if (made == null) {
            synchronized (this) {
                if (senders == null) {
                    Map<String, ChannelSender> m = new HashMap<>();
                    senderBeans.forEach(s -> m.put(s.channel(), s));
                    senders = Map.copyOf(m);
                }
                made = senders;
            }
        }
        return made;
    }

    /** Sends one claimed row and records the outcome; any provider failure is caught and recorded. */
    void send(OutboxEntry row) {
        ChannelSender sender = senders().get(row.channel);
        if (!waitForTurn(row, sender)) {
            return;
        }
        long started = System.nanoTime(); // elapsed time of the provider call itself, not domain time
        try {
            if (sender == null) {
                throw new IllegalStateException("no provider is configured for " + row.channel);
            }
            SendResult r = sender.guardsEachEndpoint() ? sender.send(row) : throughChannelBreaker(sender, row);
            deliveryState.markSent(row.id, r);
            metrics.counter("klaxon.pages.sent", "channel", row.channel, "outcome", "accepted").increment();
            Timer.builder("klaxon.delivery.latency").description("enqueued to provider accepted")
                    .tag("channel", row.channel).publishPercentileHistogram().register(metrics)
                    .record(Duration.between(row.createdAt, clock.instant()));
        } catch (InterruptedException ex) {
            // shutting down: the lease expires and reconciliation settles the row
            Thread.currentThread().interrupt();
        } catch (Exception ex) {
            boolean open = ex instanceof CircuitOpenException;
            String why = open ? ex.getMessage() : summarize(ex);
            boolean unknown = !open && sender != null && sender.outcomeUnknown(ex);
            // refused by a healthy provider (invalid number, 4xx), or no provider at all: the same request would fail again
            boolean refused = !open && !unknown && (sender == null || !sender.providerFault(ex));
            // the address is masked: a webhook or ntfy URL can be a secret, a phone number is personal data
            LOG.warnf("%s to %s failed after %d ms: %s", row.channel, AddressMask.mask(row.address),
                    (System.nanoTime() - started) / 1_000_000, why);
            metrics.counter("klaxon.pages.sent", "channel", row.channel, "outcome",
                    open ? "circuit-open" : unknown ? "unknown" : refused ? "refused" : "failed").increment();
            try {
                if (open) {
                    deliveryState.markDeferred(row.id, why, ((CircuitOpenException) ex).retryAt());
                } else if (unknown) {
                    deliveryState.markOutcomeUnknown(row.id, why);
                } else {
                    deliveryState.markAttemptFailed(row.id, why, !refused);
                }
            } catch (RuntimeException recordFailure) {
                // the lease will expire and reconciliation will settle this row
                LOG.warnf("could not record failure of outbox row %s: %s", row.id, recordFailure.toString());
            }
        }
    }

    /**
     * Waits for the channel's pacer. Returns false when the replica is stopping before the provider call began: the
     * row is then given back (by {@link #stop}, or here if this thread got past the pacer first).
     */
    private boolean waitForTurn(OutboxEntry row, ChannelSender sender) {
        beforeCall.put(row.id, Thread.currentThread());
        try {
            if (sender != null && !stopping) {
                pacer(sender).await();
            }
        } catch (InterruptedException ex) {
            // stop() took the row back, see below
        }
        if (beforeCall.remove(row.id) == null) {
            Thread.interrupted(); // stop() owns the row and gives it back
            return false;
        }
        if (stopping) {
            giveBack(List.of(row.id), "shutting down");
            return false;
        }
        return true;
    }

    /** Settles rows whose sender died mid-send: ask the provider, re-send only what did not go out. */
    public int reconcileExpiredLeases() {
        int n = 0;
        for (OutboxEntry row : claims.claimExpiredLeases(50)) {
            n++;
            ChannelSender sender = senders().get(row.channel);
            try {
                ChannelSender.Reconciliation r = sender == null ? ChannelSender.Reconciliation.UNKNOWN : sender.reconcile(row);
                if (r.known() && r.sent().isPresent()) {
                    deliveryState.markSent(row.id, r.sent().get());
                } else if (r.known()) {
                    deliveryState.requeue(row.id, "the provider has no record of it; sending again");
                } else {
                    deliveryState.requeue(row.id, "the sender stopped mid-send; sending again with the same idempotency key");
                }
            } catch (Exception ex) {
                LOG.warnf("reconciling outbox row %s failed, will retry: %s", row.id, summarize(ex));
            }
        }
        return n;
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

    /**
     * A single-provider channel's call through its breaker ({@link Breakers#channel}). A refusal of this one message
     * says the provider answered: it counts as a healthy call, as does an accepted one.
     */
    private SendResult throughChannelBreaker(ChannelSender sender, OutboxEntry row) throws Exception {
        CircuitBreaker b = breakers.channel(sender.channel());
        if (!b.tryAcquire()) {
            throw new CircuitOpenException(row.channel + " provider is failing; its circuit breaker is open, so it was"
                    + " not tried (next try at " + b.retryAt() + ")", b.retryAt());
        }
        try {
            SendResult r = sender.send(row);
            b.success();
            return r;
        } catch (InterruptedException e) {
            b.release();
            throw e;
        } catch (Exception e) {
            if (sender.providerFault(e)) {
                b.failure();
            } else {
                b.success();
            }
            throw e;
        } catch (Error e) {
            b.release();
            throw e;
        }
    }

    private Pacer pacer(ChannelSender sender) {
        return pacers.computeIfAbsent(sender.channel(), c -> new Pacer(sender.minInterval(), System::nanoTime));
    }

    /** One line for logs and the timeline: the failure and, when different, its root cause (a TLS or DNS error). */
    static String summarize(Throwable ex) {
        String s = oneLine(ex);
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != ex && !s.contains(oneLine(root))) {
            s += " (" + oneLine(root) + ")";
        }
        s = s.replaceAll("\\p{Cntrl}", " ");
        return Text.shorten(s, 300);
    }

    private static String oneLine(Throwable t) {
        return dev.klaxon.platform.ErrorWords.of(t); // never a class name on a timeline
    }
}
