package dev.klaxon.notify;

import dev.klaxon.alert.TimelineKind;
import dev.klaxon.platform.KlaxonConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Moves one outbox row through its states as the dispatcher and the providers report: sent, retried, failed,
 * outcome unknown, delivered, not delivered. State only moves forward; a row that failed, or may not have gone out,
 * fails over to the user's next contact method through {@link Failover}.
 */
@ApplicationScoped
@Transactional
public class DeliveryState {

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    KlaxonConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    Outbox outbox;

    @Inject
    OutboxQueries queries;

    @Inject
    PageTimeline timeline;

    @Inject
    Failover failover;

    /** What a provider status callback did. */
    public enum StatusResult { APPLIED, STALE, UNKNOWN_ROW }

    /** The provider accepted the row's message ({@code r}: its id and status there). */
    public void markSent(UUID id, SendResult r) {
        markSent(Map.of(id, r));
    }

    /**
     * Several rows the provider accepted, in one transaction ({@link SentRecorder}): the rows are locked in one
     * statement, in id order, so two such batches cannot deadlock; each then moves as {@link #markSent(UUID,
     * SendResult)} would move it. Rows that are gone are skipped.
     */
    public void markSent(Map<UUID, SendResult> answers) {
        if (answers.isEmpty()) {
            return;
        }
        for (OutboxEntry e : em.createQuery("from OutboxEntry where id in :ids order by id", OutboxEntry.class)
                .setParameter("ids", List.copyOf(answers.keySet()))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()) {
            sent(e, answers.get(e.id));
        }
    }

    private void sent(OutboxEntry e, SendResult r) {
        if (e.status != OutboxStatus.SENDING) {
            if (e.providerId == null) {
                e.providerId = r.providerId();
            }
            return; // a status callback got here first
        }
        e.providerId = r.providerId();
        Instant now = clock.instant();
        e.status = OutboxStatus.SENT;
        e.providerStatus = r.providerStatus();
        e.sentAt = now;
        e.updatedAt = now;
        e.leaseUntil = null;
        e.error = null;
        timeline.log(e, TimelineKind.SENT, PageTimeline.describe(e) + " accepted by the provider" + (r.providerId() == null ? "" : " (" + r.providerId() + ")"));
    }

    /**
     * A failed attempt: retried with capped backoff ({@link RetryPlan}) — for a page of an alert for as long as the
     * alert is unacknowledged and its step current; the next contact method takes over at once.
     */
    public void markAttemptFailed(UUID id, String error) {
        markAttemptFailed(id, error, true);
    }

    /**
     * A failed attempt; {@code retry} false when sending again cannot help (the provider refused this message:
     * an invalid number, a blocked recipient, a 4xx that says the request is wrong), so it fails for good at once.
     * Either way the next contact method takes over now. The row remembers since when its provider has been
     * failing it ({@code failing_since}): a step whose pages all failed is handed on early.
     */
    public void markAttemptFailed(UUID id, String error, boolean retry) {
        OutboxEntry e = lock(id);
        if (e == null || e.status != OutboxStatus.SENDING) {
            return;
        }
        Instant now = clock.instant();
        e.error = error;
        e.updatedAt = now;
        e.leaseUntil = null;
        if (e.failingSince == null) {
            e.failingSince = now;
        }
        Instant next = RetryPlan.retryAt(e.attempts, e.alertId != null || e.isBundle(), !retry, now);
        if (next != null) {
            e.status = OutboxStatus.PENDING;
            e.notBefore = next;
            if (e.attempts <= 4 || e.attempts % 10 == 0) { // an hour of retries must not bury the timeline
                timeline.log(e, TimelineKind.SEND_RETRY, PageTimeline.describe(e) + " failed (" + error + "); retrying at "
                        + e.notBefore + (e.attempts >= 4 ? " (attempt " + e.attempts + "; retried every minute while the alert is open)" : ""));
            }
        } else {
            e.status = OutboxStatus.FAILED;
            timeline.log(e, TimelineKind.SEND_FAILED, PageTimeline.describe(e) + " failed for good: " + error);
        }
        failover.moveOn(e, PageTimeline.describe(e) + " failed");
    }

    /**
     * An open circuit breaker kept the page from its failing provider: not an attempt. The page waits until the
     * breaker lets a call through again ({@code retryAt}), keeps its attempt count, and hands over to the next
     * contact method at once. Said on the timeline once per page, not at every deferral.
     */
    public void markDeferred(UUID id, String why, Instant retryAt) {
        OutboxEntry e = lock(id);
        if (e == null || e.status != OutboxStatus.SENDING) {
            return;
        }
        Instant now = clock.instant();
        boolean first = e.error == null || !e.error.startsWith(HELD);
        e.status = OutboxStatus.PENDING;
        e.attempts = Math.max(0, e.attempts - 1);
        e.claimedAt = null;
        e.leaseUntil = null;
        e.notBefore = RetryPlan.deferredUntil(retryAt, now);
        e.error = HELD + why;
        e.updatedAt = now;
        if (e.failingSince == null) {
            e.failingSince = now;
        }
        if (first) {
            timeline.log(e, TimelineKind.SEND_DEFERRED, PageTimeline.describe(e) + " held: " + why + "; not counted as an attempt,"
                    + " tried again when the provider takes calls (next at " + e.notBefore + ")");
        }
        failover.moveOn(e, PageTimeline.describe(e) + " is held by a failing provider");
    }

    /** Error text of a page an open breaker holds. */
    static final String HELD = "held: ";

    /**
     * The provider may or may not have taken the message (a timeout after the request went out, an answer that
     * could not be read). Sending again could page twice, so the row stays leased for a short while and is then
     * reconciled with the provider's records; meanwhile the next contact method takes over.
     */
    public void markOutcomeUnknown(UUID id, String why) {
        OutboxEntry e = lock(id);
        if (e == null || e.status != OutboxStatus.SENDING) {
            return;
        }
        Instant now = clock.instant();
        e.error = why;
        e.updatedAt = now;
        e.leaseUntil = now.plus(config.dispatch().reconcileAfter());
        if (e.failingSince == null) {
            e.failingSince = now;
        }
        timeline.log(e, TimelineKind.SEND_UNKNOWN, PageTimeline.describe(e) + ": no clear answer from the provider (" + why + "); asking it at "
                + e.leaseUntil + " whether it went out before sending again");
        failover.moveOn(e, PageTimeline.describe(e) + " may not have gone out");
    }

    /** A row that reconciliation found was never sent goes back to the queue. */
    public void requeue(UUID id, String why) {
        OutboxEntry e = lock(id);
        if (e == null || e.status != OutboxStatus.SENDING) {
            return;
        }
        e.status = OutboxStatus.PENDING;
        e.leaseUntil = null;
        e.notBefore = clock.instant();
        e.updatedAt = clock.instant();
        timeline.log(e, TimelineKind.SEND_RECOVERED, PageTimeline.describe(e) + ": " + why);
        outbox.wakeAfterCommit();
    }

    /**
     * A provider status callback for the row with this id (or, without one, this provider id). Callbacks may
     * arrive late, twice or out of order: one whose sequence number or status rank is below what was recorded
     * changes nothing. "Not delivered" fails over to the next contact method.
     */
    public StatusResult applyStatus(UUID rowId, String providerId, String status, Integer sequence) {
        OutboxEntry e = lockRow(rowId, providerId);
        if (e == null) {
            return StatusResult.UNKNOWN_ROW;
        }
        if (providerId != null && e.providerId != null && !providerId.equals(e.providerId)) {
            timeline.log(e, TimelineKind.DELIVERY_STATUS, PageTimeline.describe(e) + ": status '" + status + "' for " + providerId
                    + ", which is not this page's " + e.providerId + "; ignored");
            return StatusResult.STALE;
        }
        if (e.providerId == null) {
            e.providerId = providerId;
        }
        int rank = DeliveryStatus.rank(e.channel, status);
        boolean older = sequence != null && e.providerSeq != null && sequence <= e.providerSeq;
        if (rank < 0 || older || rank < DeliveryStatus.rank(e.channel, e.providerStatus)) {
            timeline.log(e, TimelineKind.DELIVERY_STATUS, PageTimeline.describe(e) + ": '" + status + "' arrived out of order; ignored");
            return StatusResult.STALE;
        }
        Instant now = clock.instant();
        if (sequence != null) {
            e.providerSeq = sequence;
        }
        e.providerStatus = status;
        e.updatedAt = now;
        String words = DeliveryStatus.describe(e.channel, status);
        if (e.status == OutboxStatus.DELIVERED || e.status == OutboxStatus.FAILED || e.status == OutboxStatus.CANCELED) {
            timeline.log(e, TimelineKind.DELIVERY_STATUS, PageTimeline.describe(e) + ": " + words + " (already " + e.status.name().toLowerCase() + ")");
            return StatusResult.APPLIED;
        }
        switch (DeliveryStatus.outcome(e.channel, status)) {
            case DELIVERED -> delivered(e, words);
            case NOT_DELIVERED -> notDelivered(e, words);
            case PROGRESS -> {
                if (e.status == OutboxStatus.SENDING) {
                    e.status = OutboxStatus.SENT;
                    e.sentAt = now;
                    e.leaseUntil = null;
                }
                timeline.log(e, TimelineKind.DELIVERY_STATUS, PageTimeline.describe(e) + ": " + words);
            }
        }
        return StatusResult.APPLIED;
    }

    /** A human answered: a key press on the call. Wins over an earlier "not delivered" (the human is there). */
    public void markDelivered(UUID rowId, String providerId, String how) {
        OutboxEntry e = lockRow(rowId, providerId);
        if (e == null || e.status == OutboxStatus.DELIVERED || e.status == OutboxStatus.CANCELED
                || e.status == OutboxStatus.PENDING) {
            return;
        }
        if (e.providerId == null) {
            e.providerId = providerId;
        }
        delivered(e, how);
    }

    /** It reached no human (voicemail): the next contact method takes over. */
    public void markNotDelivered(UUID rowId, String providerId, String why) {
        OutboxEntry e = lockRow(rowId, providerId);
        if (e == null || (e.status != OutboxStatus.SENDING && e.status != OutboxStatus.SENT)) {
            return;
        }
        if (e.providerId == null) {
            e.providerId = providerId;
        }
        notDelivered(e, why);
    }

    private void delivered(OutboxEntry e, String how) {
        Instant now = clock.instant();
        e.status = OutboxStatus.DELIVERED;
        e.deliveredAt = now;
        if (e.sentAt == null) {
            e.sentAt = now;
        }
        e.leaseUntil = null;
        e.error = null;
        e.updatedAt = now;
        timeline.log(e, TimelineKind.DELIVERED, PageTimeline.describe(e) + ": " + how);
        metrics.counter("klaxon.pages.sent", "channel", e.channel, "outcome", "delivered").increment();
        Timer.builder("klaxon.delivery.confirmed.latency").description("enqueued to confirmed delivery")
                .tag("channel", e.channel).publishPercentileHistogram().register(metrics)
                .record(Duration.between(e.createdAt, now));
    }

    private void notDelivered(OutboxEntry e, String why) {
        Instant now = clock.instant();
        e.status = OutboxStatus.FAILED;
        if (e.sentAt == null) {
            e.sentAt = now;
        }
        e.leaseUntil = null;
        e.error = why;
        e.updatedAt = now;
        timeline.log(e, TimelineKind.NOT_DELIVERED, PageTimeline.describe(e) + ": not delivered, " + why);
        metrics.counter("klaxon.pages.sent", "channel", e.channel, "outcome", "undelivered").increment();
        failover.moveOn(e, PageTimeline.describe(e) + ": " + why);
    }

    private OutboxEntry lock(UUID id) {
        return em.find(OutboxEntry.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    private OutboxEntry lockRow(UUID rowId, String providerId) {
        OutboxEntry e = rowId == null ? null : lock(rowId);
        if (e == null && providerId != null) {
            e = queries.byProviderId(providerId).map(r -> lock(r.id)).orElse(null);
        }
        return e;
    }
}
