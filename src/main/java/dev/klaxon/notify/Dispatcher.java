package dev.klaxon.notify;

import dev.klaxon.platform.KlaxonConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends what the outbox holds. One loop per replica claims due rows (SKIP LOCKED, so replicas never share a row)
 * and hands each to a bounded pool of provider calls; a slow provider holds only its own calls.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    /** Fallback poll for pages whose not-before time came (and for a missed wake-up). */
    private static final long POLL_MILLIS = 250;

    @Inject
    Outbox outbox;

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

    private final Map<String, ChannelSender> senders = new HashMap<>();
    private ExecutorService pool;
    private Semaphore capacity;
    private Thread loop;
    private volatile boolean running;

    void start(@Observes StartupEvent e) {
        senderBeans.forEach(s -> senders.put(s.channel(), s));
        int threads = config.dispatch().threads();
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "klaxon-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        capacity = new Semaphore(threads * 2);
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

    private void run() {
        while (running) {
            try {
                signal.await(POLL_MILLIS);
                if (running) {
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

    /** Claims and sends everything due now; returns how many rows it claimed. Safe to call from many threads. */
    public int drain() throws InterruptedException {
        int total = 0;
        while (true) {
            int free = Math.min(config.dispatch().batchSize(), capacity.availablePermits());
            if (free == 0) {
                capacity.acquire();
                capacity.release();
                continue;
            }
            List<OutboxEntry> claimed = outbox.claimDue(free);
            total += claimed.size();
            for (OutboxEntry row : claimed) {
                capacity.acquire();
                pool.execute(() -> {
                    try {
                        send(row);
                    } finally {
                        capacity.release();
                    }
                });
            }
            if (claimed.size() < free) {
                return total;
            }
        }
    }

    /** Sends one claimed row and records the outcome; any provider failure is caught and recorded. */
    void send(OutboxEntry row) {
        ChannelSender sender = senders.get(row.channel);
        var started = clock.instant();
        try {
            if (sender == null) {
                throw new IllegalStateException("no provider is configured for " + row.channel);
            }
            SendResult r = sender.send(row);
            outbox.markSent(row.id, r);
            metrics.counter("klaxon.pages.sent", "channel", row.channel, "outcome", "accepted").increment();
            Timer.builder("klaxon.delivery.latency").description("enqueued to provider accepted")
                    .tag("channel", row.channel).publishPercentileHistogram().register(metrics)
                    .record(Duration.between(row.createdAt, clock.instant()));
        } catch (Exception ex) {
            String why = summarize(ex);
            LOG.warnf("%s to %s failed after %d ms: %s", row.channel, row.address,
                    Duration.between(started, clock.instant()).toMillis(), why);
            metrics.counter("klaxon.pages.sent", "channel", row.channel, "outcome", "failed").increment();
            try {
                outbox.markAttemptFailed(row.id, why);
            } catch (RuntimeException recordFailure) {
                // the lease will expire and reconciliation will settle this row
                LOG.warnf("could not record failure of outbox row %s: %s", row.id, recordFailure.toString());
            }
        }
    }

    /** Settles rows whose sender died mid-send: ask the provider, re-send only what did not go out. */
    public int reconcileExpiredLeases() {
        int n = 0;
        for (OutboxEntry row : outbox.claimExpiredLeases(50)) {
            n++;
            ChannelSender sender = senders.get(row.channel);
            try {
                ChannelSender.Reconciliation r = sender == null ? ChannelSender.Reconciliation.UNKNOWN : sender.reconcile(row);
                if (r.known() && r.sent().isPresent()) {
                    outbox.markSent(row.id, r.sent().get());
                } else if (r.known()) {
                    outbox.requeue(row.id, "the provider has no record of it; sending again");
                } else {
                    outbox.requeue(row.id, "the sender stopped mid-send; sending again with the same idempotency key");
                }
            } catch (Exception ex) {
                LOG.warnf("reconciling outbox row %s failed, will retry: %s", row.id, summarize(ex));
            }
        }
        return n;
    }

    static String summarize(Throwable ex) {
        String msg = ex.getMessage();
        String s = ex.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        s = s.replaceAll("\\p{Cntrl}", " ");
        return s.length() > 300 ? s.substring(0, 300) : s;
    }
}
