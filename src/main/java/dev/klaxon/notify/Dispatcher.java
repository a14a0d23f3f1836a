package dev.klaxon.notify;

import dev.klaxon.platform.KlaxonConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
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
    CircuitBreakerMaintenance breakerMaintenance;

    private final Map<String, ChannelSender> senders = new HashMap<>();
    private final Map<String, Semaphore> channelSlots = new ConcurrentHashMap<>();
    private final Map<String, Guard> breakers = new ConcurrentHashMap<>();
    private final Map<String, Pacer> pacers = new ConcurrentHashMap<>();
    private ExecutorService pool;
    private Semaphore capacity;
    private Thread loop;
    private volatile boolean running;
    private volatile boolean paused;

    void start(@Observes StartupEvent e) {
        senderBeans.forEach(s -> senders.put(s.channel(), s));
        int threads = config.dispatch().threads();
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
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

    void stop(@Observes ShutdownEvent e) {
        running = false;
        signal.wake();
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
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
        while (running) {
            try {
                signal.await(POLL_MILLIS);
                if (running && !paused) {
                    drain();
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
        while (more) {
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
                List<OutboxEntry> claimed;
                List<OutboxEntry> toSend;
                try {
                    claimed = claims.claimDue(channel, free);
                    toSend = claimed.isEmpty() ? List.of() : throttle.admit(claimed);
                } catch (RuntimeException ex) {
                    slots.release(free);
                    capacity.release(free);
                    throw ex;
                }
                int unused = free - Math.min(free, toSend.size());
                if (unused > 0) {
                    slots.release(unused);
                    capacity.release(unused);
                }
                for (OutboxEntry row : toSend) {
                    pool.execute(() -> {
                        try {
                            send(row);
                        } finally {
                            slots.release();
                            capacity.release();
                            signal.wake(); // a slot is free: rows that waited for it may go
                        }
                    });
                }
                total += claimed.size();
                more |= claimed.size() == batch;
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

    /** Sends one claimed row and records the outcome; any provider failure is caught and recorded. */
    void send(OutboxEntry row) {
        ChannelSender sender = senders.get(row.channel);
        long started = System.nanoTime(); // elapsed time of the provider call itself, not domain time
        try {
            if (sender == null) {
                throw new IllegalStateException("no provider is configured for " + row.channel);
            }
            pacer(sender).await();
            SendResult r = sender.guardsEachEndpoint() ? sender.send(row)
                    : breaker(sender).call(() -> sender.send(row), SendResult.class);
            deliveryState.markSent(row.id, r);
            metrics.counter("klaxon.pages.sent", "channel", row.channel, "outcome", "accepted").increment();
            Timer.builder("klaxon.delivery.latency").description("enqueued to provider accepted")
                    .tag("channel", row.channel).publishPercentileHistogram().register(metrics)
                    .record(Duration.between(row.createdAt, clock.instant()));
        } catch (InterruptedException ex) {
            // shutting down: the lease expires and reconciliation settles the row
            Thread.currentThread().interrupt();
        } catch (Exception ex) {
            boolean open = ex instanceof CircuitBreakerOpenException;
            String why = open ? row.channel + " provider is failing; its circuit breaker is open, so it was not tried"
                    : summarize(ex);
            boolean unknown = !open && sender != null && sender.outcomeUnknown(ex);
            // refused by a healthy provider (invalid number, 4xx): the same request would be refused again
            boolean refused = !open && !unknown && sender != null && !sender.providerFault(ex);
            LOG.warnf("%s to %s failed after %d ms: %s", row.channel, row.address,
                    (System.nanoTime() - started) / 1_000_000, why);
            metrics.counter("klaxon.pages.sent", "channel", row.channel, "outcome",
                    open ? "circuit-open" : unknown ? "unknown" : refused ? "refused" : "failed").increment();
            try {
                if (unknown) {
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

    /** Settles rows whose sender died mid-send: ask the provider, re-send only what did not go out. */
    public int reconcileExpiredLeases() {
        int n = 0;
        for (OutboxEntry row : claims.claimExpiredLeases(50)) {
            n++;
            ChannelSender sender = senders.get(row.channel);
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

    /** The circuit breaker's name for a channel (for {@link CircuitBreakerMaintenance}). */
    public static String breakerName(String channel) {
        return "klaxon-" + channel.toLowerCase(Locale.ROOT);
    }

    /** Closes every channel's circuit breaker (operations: the provider is known to be back). */
    public void resetBreakers() {
        breakers.keySet().forEach(c -> breakerMaintenance.reset(breakerName(c)));
    }

    private Semaphore slots(String channel) {
        return channelSlots.computeIfAbsent(channel, c -> {
            int size = Math.max(1, config.dispatch().channelConcurrency());
            Semaphore slots = new Semaphore(size);
            metrics.gauge("klaxon.dispatch.in.flight", io.micrometer.core.instrument.Tags.of("channel", c), slots,
                    s -> size - s.availablePermits());
            return slots;
        });
    }

    private Guard breaker(ChannelSender sender) {
        return breakers.computeIfAbsent(sender.channel(), c -> {
            KlaxonConfig.Dispatch.Breaker b = config.dispatch().breaker();
            return Guard.create().withDescription("provider calls for " + c)
                    .withCircuitBreaker().name(breakerName(c))
                    .requestVolumeThreshold(b.requestVolume()).failureRatio(b.failureRatio())
                    .delay(b.delay().toMillis(), ChronoUnit.MILLIS).successThreshold(1)
                    .when(sender::providerFault)
                    .done().build();
        });
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
        return s.length() > 300 ? s.substring(0, 300) : s;
    }

    private static String oneLine(Throwable t) {
        return dev.klaxon.platform.ErrorWords.of(t); // never a class name on a timeline
    }
}
