package dev.klaxon.notify;

import dev.klaxon.platform.AddressMask;
import dev.klaxon.platform.ErrorWords;
import dev.klaxon.platform.Text;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One claimed row's way to its provider, on a send thread of the {@link Dispatcher}: waits for the channel's
 * {@link Pacer}, calls the channel's {@link ChannelSender} (through the channel's circuit breaker unless the sender
 * guards each endpoint itself) and records the answer — accepted through {@link SentRecorder}, which commits the
 * answers of many sends together; refused, failed, held by an open breaker or of unknown outcome through
 * {@link DeliveryState}. Also settles rows whose sender died mid-send ({@link #reconcileExpiredLeases()}).
 *
 * <p>While the replica stops, a row whose provider call has not begun is given back to the outbox instead of
 * being sent ({@link #stopCalling()}); a call already under way finishes.</p>
 */
@ApplicationScoped
public class PageSender {

    private static final Logger LOG = Logger.getLogger(PageSender.class);

    @Inject
    DeliveryState deliveryState;

    @Inject
    SentRecorder sent;

    @Inject
    OutboxClaims claims;

    @Inject
    Instance<ChannelSender> senderBeans;

    @Inject
    MeterRegistry metrics;

    @Inject
    InstantSource clock;

    @Inject
    Breakers breakers;

    /** Channel name → its sender; built on first use ({@link #senders()}), not at start. */
    private volatile Map<String, ChannelSender> senders;
    private final Map<String, Pacer> pacers = new ConcurrentHashMap<>();
    /** Claimed rows whose send has not reached the provider yet (waiting for the pacer), with their thread. */
    private final Map<UUID, Thread> beforeCall = new ConcurrentHashMap<>();
    private volatile boolean stopping;

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
        SendResult r;
        try {
            if (sender == null) {
                throw new IllegalStateException("no provider is configured for " + row.channel);
            }
            r = sender.guardsEachEndpoint() ? sender.send(row) : throughChannelBreaker(sender, row);
        } catch (InterruptedException ex) {
            // shutting down: the lease expires and reconciliation settles the row
            Thread.currentThread().interrupt();
            return;
        } catch (Exception ex) {
            failed(row, sender, ex, started);
            return;
        }
        try {
            sent.record(row.id, r);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return; // the answer may still be recorded; if not, reconciliation settles the row
        } catch (RuntimeException ex) {
            // The provider took the message: recording it as a failed attempt would send it again. Left SENDING,
            // the row's lease runs out and reconciliation asks the provider whether it went out.
            LOG.warnf("%s to %s was accepted by the provider but could not be recorded; reconciliation settles it "
                    + "after its lease: %s", row.channel, AddressMask.mask(row.address), ex.toString());
            return;
        }
        metrics.counter("klaxon.pages.sent", "channel", row.channel, "outcome", "accepted").increment();
        Timer.builder("klaxon.delivery.latency").description("enqueued to provider accepted")
                .tag("channel", row.channel).publishPercentileHistogram().register(metrics)
                .record(Duration.between(row.createdAt, clock.instant()));
    }

    /** A provider call that did not end in "accepted": held, of unknown outcome, refused or failed. */
    private void failed(OutboxEntry row, ChannelSender sender, Exception ex, long started) {
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

    /**
     * Waits for the channel's pacer. Returns false when the replica is stopping before the provider call began: the
     * row is then given back (by {@link #giveBackWaiting}, or here if this thread got past the pacer first).
     */
    private boolean waitForTurn(OutboxEntry row, ChannelSender sender) {
        beforeCall.put(row.id, Thread.currentThread());
        try {
            if (sender != null && !stopping) {
                pacer(sender).await();
            }
        } catch (InterruptedException ex) {
            // giveBackWaiting() took the row back, see below
        }
        if (beforeCall.remove(row.id) == null) {
            Thread.interrupted(); // giveBackWaiting() owns the row and gives it back
            return false;
        }
        if (stopping) {
            giveBack(List.of(row.id), "shutting down");
            return false;
        }
        return true;
    }

    /** The replica stops: no provider call begins from now on; a row reaching {@link #send} is given back. */
    void stopCalling() {
        stopping = true;
    }

    /**
     * After {@link #stopCalling()}: rows waiting for their pacer are given back at once, together (their threads
     * interrupted).
     */
    void giveBackWaiting() {
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

    /**
     * Claimed rows not yet sent go back to PENDING, due at once, for this or another replica's next round, instead of
     * waiting for their lease to expire. {@code why} says in the log line why they were not sent.
     */
    void giveBack(List<UUID> ids, String why) {
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
     * Settles rows whose sender died mid-send, 50 at most per call: asks the provider, re-sends only what did not go
     * out. @return how many expired leases it took on
     */
    int reconcileExpiredLeases() {
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
        String s = ErrorWords.of(ex); // never a class name on a timeline
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != ex && !s.contains(ErrorWords.of(root))) {
            s += " (" + ErrorWords.of(root) + ")";
        }
        s = s.replaceAll("\\p{Cntrl}", " ");
        return Text.shorten(s, 300);
    }
}
