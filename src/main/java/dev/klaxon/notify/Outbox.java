package dev.klaxon.notify;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.platform.KlaxonConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The outbox of outgoing messages. Rows are written in the transaction that decided to page; the commit wakes
 * the dispatcher here and, through NOTIFY, on every other replica.
 *
 * <p>A row moves pending → sending (leased to one replica) → sent (the provider accepted it) → delivered (a human
 * got it: handset receipt, key press) | failed (the provider refused it, or it rang out, hit voicemail, bounced);
 * canceled when its alert stopped, its step moved on, or it was folded into another row. State only moves
 * forward. A failed page hands over to the same user's next contact method at once.</p>
 */
@ApplicationScoped
@Transactional
public class Outbox {

    public static final String NOTIFY_CHANNEL = "klaxon_outbox";
    private static final String WAKE_REGISTERED = Outbox.class.getName() + ".wake";
    private static final int MAX_ATTEMPTS = 4;

    /**
     * A page failed and no later page of that user's step was waiting to be pulled forward: the engine picks the
     * user's next contact method not yet paged for this step ({@code alreadyPaged}).
     */
    public record HandOverRequested(UUID alertId, UUID userId, Integer round, Integer step, Set<UUID> alreadyPaged,
                                    String reason) {
    }

    /** What a provider status callback did. */
    public enum StatusResult { APPLIED, STALE, UNKNOWN_ROW }

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    KlaxonConfig config;

    @Inject
    TransactionSynchronizationRegistry tx;

    @Inject
    DispatchSignal signal;

    @Inject
    AlertService alerts;

    @Inject
    MeterRegistry metrics;

    @Inject
    Event<HandOverRequested> handOvers;

    /** Writes the page unless the same page key was written before. @return true if it is new. */
    public boolean enqueue(Page p) {
        Instant now = clock.instant();
        int n = em.createNativeQuery("""
                        INSERT INTO outbox (id, page_key, alert_id, user_id, contact_method_id, channel, address, subject,
                                            body, action_url, status, not_before, attempts, created_at, updated_at,
                                            escalation_round, escalation_step, repeat_seconds, repeat_index)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'PENDING', ?11, 0, ?12, ?12,
                                CAST(?13 AS integer), CAST(?14 AS integer), CAST(?15 AS bigint), ?16)
                        ON CONFLICT (page_key) DO NOTHING""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, p.pageKey()).setParameter(3, p.alertId())
                .setParameter(4, p.userId()).setParameter(5, p.contactMethodId()).setParameter(6, p.channel())
                .setParameter(7, p.address()).setParameter(8, p.subject()).setParameter(9, p.body())
                .setParameter(10, p.actionUrl()).setParameter(11, p.notBefore()).setParameter(12, now)
                .setParameter(13, p.round()).setParameter(14, p.step())
                .setParameter(15, p.repeat() == null ? null : p.repeat().toSeconds())
                .setParameter(16, p.repeatIndex())
                .executeUpdate();
        if (n == 1) {
            wakeAfterCommit();
        }
        return n == 1;
    }

    /** A test message for one contact method, sent now. */
    public UUID enqueueTest(UUID userId, UUID contactMethodId, String channel, String address) {
        String key = OutboxEntry.TEST_KEY_PREFIX + UUID.randomUUID();
        String body = "Klaxon test message: this contact method can be paged.";
        enqueue(new Page(key, null, userId, contactMethodId, channel, address, "Klaxon test message", body,
                null, clock.instant()));
        return ((OutboxEntry) OutboxEntry.find("pageKey", key).firstResult()).id;
    }

    /**
     * Cancels everything not yet sent for this alert — first pages, repeats, pages held by a rate limit:
     * acknowledging anywhere stops every pending page at once.
     */
    public int cancelPending(UUID alertId) {
        return em.createNativeQuery("""
                        UPDATE outbox SET status = 'CANCELED', updated_at = ?2
                        WHERE alert_id = ?1 AND status = 'PENDING'""")
                .setParameter(1, alertId).setParameter(2, clock.instant()).executeUpdate();
    }

    /** The escalation moved to (round, step): pending pages of the steps before stop, repeats included. */
    public int cancelSupersededSteps(UUID alertId, int round, int step) {
        return em.createNativeQuery("""
                        UPDATE outbox SET status = 'CANCELED', updated_at = ?4, error = 'the escalation moved on'
                        WHERE alert_id = ?1 AND status = 'PENDING' AND escalation_round IS NOT NULL
                          AND (escalation_round <> ?2 OR escalation_step <> ?3)""")
                .setParameter(1, alertId).setParameter(2, round).setParameter(3, step)
                .setParameter(4, clock.instant()).executeUpdate();
    }

    /** Claims due rows for this replica: another replica's claim is skipped, never waited for or repeated. */
    public List<OutboxEntry> claimDue(int limit) {
        return claimDue(null, limit);
    }

    /** Claims due rows of one channel (null: any), so that a busy channel's rows wait without holding others up. */
    @SuppressWarnings("unchecked")
    public List<OutboxEntry> claimDue(String channel, int limit) {
        Instant now = clock.instant();
        List<UUID> ids = em.createNativeQuery("""
                        UPDATE outbox SET status = 'SENDING', lease_until = ?1, attempts = attempts + 1, updated_at = ?2,
                                          claimed_at = ?2
                        WHERE id IN (SELECT id FROM outbox WHERE status = 'PENDING' AND not_before <= ?2
                                       AND (?4 = '' OR channel = ?4)
                                     ORDER BY not_before LIMIT ?3 FOR UPDATE SKIP LOCKED)
                        RETURNING id""", UUID.class)
                .setParameter(1, now.plus(config.dispatch().lease())).setParameter(2, now).setParameter(3, limit)
                .setParameter(4, channel == null ? "" : channel)
                .getResultList();
        return detached(ids);
    }

    /** Channels that have rows due now. */
    @SuppressWarnings("unchecked")
    public List<String> dueChannels() {
        return em.createNativeQuery("SELECT DISTINCT channel FROM outbox WHERE status = 'PENDING' AND not_before <= ?1",
                String.class).setParameter(1, clock.instant()).getResultList();
    }

    /** Rows whose sender's lease ran out while sending: that replica died, or hung, mid-send. */
    @SuppressWarnings("unchecked")
    public List<OutboxEntry> claimExpiredLeases(int limit) {
        Instant now = clock.instant();
        List<UUID> ids = em.createNativeQuery("""
                        UPDATE outbox SET lease_until = ?1, updated_at = ?2
                        WHERE id IN (SELECT id FROM outbox WHERE status = 'SENDING' AND lease_until < ?2
                                     ORDER BY lease_until LIMIT ?3 FOR UPDATE SKIP LOCKED)
                        RETURNING id""", UUID.class)
                .setParameter(1, now.plus(config.dispatch().lease())).setParameter(2, now).setParameter(3, limit)
                .getResultList();
        return detached(ids);
    }

    public void markSent(UUID id, SendResult r) {
        OutboxEntry e = lock(id);
        if (e == null) {
            return;
        }
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
        log(e, "sent", describe(e) + " accepted by the provider" + (r.providerId() == null ? "" : " (" + r.providerId() + ")"));
    }

    /** A failed attempt: retried with backoff, then failed for good; the next contact method takes over at once. */
    public void markAttemptFailed(UUID id, String error) {
        markAttemptFailed(id, error, true);
    }

    /**
     * A failed attempt; {@code retry} false when sending again cannot help (the provider refused this message:
     * an invalid number, a blocked recipient), so it fails for good at once. Either way the next contact method
     * takes over now.
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
        if (retry && e.attempts < MAX_ATTEMPTS) {
            e.status = OutboxStatus.PENDING;
            e.notBefore = now.plus(Duration.ofSeconds(5L << Math.max(0, e.attempts - 1)));
            log(e, "send-retry", describe(e) + " failed (" + error + "); retrying at " + e.notBefore);
        } else {
            e.status = OutboxStatus.FAILED;
            log(e, "send-failed", describe(e) + " failed for good: " + error);
        }
        handOver(e, describe(e) + " failed");
    }

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
        log(e, "send-unknown", describe(e) + ": no clear answer from the provider (" + why + "); asking it at "
                + e.leaseUntil + " whether it went out before sending again");
        handOver(e, describe(e) + " may not have gone out");
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
        log(e, "send-recovered", describe(e) + ": " + why);
        wakeAfterCommit();
    }

    /**
     * A provider status callback for the row with this id (or, without one, this provider id). Callbacks may
     * arrive late, twice or out of order: one whose sequence number or status rank is below what was recorded
     * changes nothing. "Not delivered" hands over to the next contact method.
     */
    public StatusResult applyStatus(UUID rowId, String providerId, String status, Integer sequence) {
        OutboxEntry e = lockRow(rowId, providerId);
        if (e == null) {
            return StatusResult.UNKNOWN_ROW;
        }
        if (providerId != null && e.providerId != null && !providerId.equals(e.providerId)) {
            log(e, "delivery-status", describe(e) + ": status '" + status + "' for " + providerId
                    + ", which is not this page's " + e.providerId + "; ignored");
            return StatusResult.STALE;
        }
        if (e.providerId == null) {
            e.providerId = providerId;
        }
        int rank = DeliveryStatus.rank(e.channel, status);
        boolean older = sequence != null && e.providerSeq != null && sequence <= e.providerSeq;
        if (rank < 0 || older || rank < DeliveryStatus.rank(e.channel, e.providerStatus)) {
            log(e, "delivery-status", describe(e) + ": '" + status + "' arrived out of order; ignored");
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
            log(e, "delivery-status", describe(e) + ": " + words + " (already " + e.status.name().toLowerCase() + ")");
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
                log(e, "delivery-status", describe(e) + ": " + words);
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
        log(e, "delivered", describe(e) + ": " + how);
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
        log(e, "not-delivered", describe(e) + ": not delivered, " + why);
        metrics.counter("klaxon.pages.sent", "channel", e.channel, "outcome", "undelivered").increment();
        handOver(e, describe(e) + ": " + why);
    }

    /**
     * Moves on to the user's next contact method of the same step now: a later page of that step is pulled
     * forward, or else the engine writes one for a contact method not yet paged. Once per row; only while the
     * alert is still waiting for a human.
     */
    private void handOver(OutboxEntry e, String why) {
        if (e.handedOverAt != null || e.userId == null) {
            return;
        }
        List<OutboxEntry> pages = e.isBundle() ? bundleMembers(e.id) : e.alertId == null ? List.of() : List.of(e);
        if (pages.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        e.handedOverAt = now;
        Map<UUID, Alert> byId = alerts.byIds(pages.stream().map(p -> p.alertId).distinct().toList());
        Set<UUID> done = new HashSet<>();
        for (OutboxEntry p : pages) {
            Alert a = byId.get(p.alertId);
            if (a == null || a.status != AlertStatus.TRIGGERED || !done.add(p.alertId)) {
                continue;
            }
            Optional<OutboxEntry> next = nextOfStep(p);
            if (next.isPresent()) {
                OutboxEntry n = next.get();
                int pulled = em.createNativeQuery("""
                                UPDATE outbox SET not_before = ?2, updated_at = ?2
                                WHERE id = ?1 AND status = 'PENDING' AND not_before > ?2""")
                        .setParameter(1, n.id).setParameter(2, now).executeUpdate();
                alerts.log(p.alertId, "handover", null, why + "; handing over to " + describe(n)
                        + (pulled == 1 ? " now instead of at " + n.notBefore : " (already due)"));
                wakeAfterCommit();
            } else {
                handOvers.fire(new HandOverRequested(p.alertId, p.userId, p.escalationRound, p.escalationStep,
                        pagedMethods(p), why));
            }
        }
    }

    /** The earliest pending page of the same user and step on another contact method. */
    private Optional<OutboxEntry> nextOfStep(OutboxEntry p) {
        StringBuilder q = new StringBuilder("alertId = ?1 and userId = ?2 and status = ?3 and contactMethodId <> ?4");
        List<Object> params = new ArrayList<>(List.of(p.alertId, p.userId, OutboxStatus.PENDING, p.contactMethodId));
        if (p.escalationRound != null) {
            params.add(p.escalationRound);
            q.append(" and escalationRound = ?").append(params.size());
            params.add(p.escalationStep);
            q.append(" and escalationStep = ?").append(params.size());
        }
        q.append(" order by notBefore, createdAt");
        return OutboxEntry.<OutboxEntry>find(q.toString(), params.toArray()).firstResultOptional();
    }

    /** Contact methods this user's step already has a page for (sent, failed, pending or folded). */
    @SuppressWarnings("unchecked")
    public Set<UUID> pagedMethods(OutboxEntry p) {
        List<UUID> ids = em.createNativeQuery("""
                        SELECT DISTINCT contact_method_id FROM outbox
                        WHERE alert_id = ?1 AND user_id = ?2 AND contact_method_id IS NOT NULL
                          AND escalation_round IS NOT DISTINCT FROM CAST(?3 AS integer)
                          AND escalation_step IS NOT DISTINCT FROM CAST(?4 AS integer)""", UUID.class)
                .setParameter(1, p.alertId).setParameter(2, p.userId).setParameter(3, p.escalationRound)
                .setParameter(4, p.escalationStep).getResultList();
        return new LinkedHashSet<>(ids);
    }

    /** Provider status callbacks (delivered, failed…). */
    public Optional<OutboxEntry> byProviderId(String providerId) {
        return OutboxEntry.find("providerId", providerId).firstResultOptional();
    }

    /** Whether another row already owns this provider id (reconciliation must not claim someone else's message). */
    public boolean providerIdTaken(String providerId, UUID exceptRow) {
        return OutboxEntry.count("providerId = ?1 and id <> ?2", providerId, exceptRow) > 0;
    }

    public Optional<OutboxEntry> find(UUID id) {
        return Optional.ofNullable(OutboxEntry.findById(id));
    }

    /** The alert's pages, and the bundles that carried any of them. */
    public List<OutboxEntry> forAlert(UUID alertId) {
        return OutboxEntry.list("alertId = ?1 or id in (select o.bundleId from OutboxEntry o where o.alertId = ?1"
                + " and o.bundleId is not null) order by createdAt, id", alertId);
    }

    /** The pages a bundle (or a carrying page) stands for. */
    public List<OutboxEntry> bundleMembers(UUID bundleId) {
        return OutboxEntry.list("bundleId = ?1 order by createdAt, id", bundleId);
    }

    /** The alert most recently paged to this address (a bare "a" reply acts on it). */
    public Optional<UUID> lastAlertSentTo(String address) {
        return OutboxEntry.<OutboxEntry>find("address = ?1 and alertId is not null and status in ?2 order by createdAt desc",
                        address, List.of(OutboxStatus.SENT, OutboxStatus.DELIVERED, OutboxStatus.SENDING))
                .firstResultOptional().map(e -> e.alertId);
    }

    /** Pages the provider accepted for these alerts, per channel (canceled or never sent: not counted). */
    @SuppressWarnings("unchecked")
    public Map<String, Long> sentPerChannel(Collection<UUID> alertIds) {
        Map<String, Long> out = new TreeMap<>();
        List<UUID> ids = List.copyOf(alertIds);
        for (int i = 0; i < ids.size(); i += 1000) {
            List<Object[]> rows = em.createQuery("SELECT e.channel, count(e) FROM OutboxEntry e"
                            + " WHERE e.alertId IN ?1 AND e.sentAt IS NOT NULL GROUP BY e.channel")
                    .setParameter(1, ids.subList(i, Math.min(ids.size(), i + 1000))).getResultList();
            for (Object[] r : rows) {
                out.merge((String) r[0], ((Number) r[1]).longValue(), Long::sum);
            }
        }
        return out;
    }

    /** Alerts whose pages reached this address since then, on their own or inside a bundle ("aa" acts on them). */
    @SuppressWarnings("unchecked")
    public List<UUID> alertsPagedTo(String address, Instant since) {
        return em.createNativeQuery("""
                        SELECT DISTINCT o.alert_id FROM outbox o LEFT JOIN outbox b ON b.id = o.bundle_id
                        WHERE o.address = ?1 AND o.alert_id IS NOT NULL AND o.created_at >= ?2
                          AND (o.sent_at IS NOT NULL OR b.sent_at IS NOT NULL)""", UUID.class)
                .setParameter(1, address).setParameter(2, since).getResultList();
    }

    static String describe(OutboxEntry e) {
        return (e.isBundle() ? "bundled " : "") + e.channel + " to " + e.address;
    }

    /** On the timeline of the row's alert, or of every alert a bundle carries. */
    void log(OutboxEntry e, String kind, String message) {
        if (e.isBundle()) {
            for (UUID alertId : bundleMembers(e.id).stream().map(m -> m.alertId).distinct().toList()) {
                alerts.log(alertId, kind, null, message);
            }
        } else if (e.alertId != null) {
            alerts.log(e.alertId, kind, null, message);
        }
    }

    private OutboxEntry lock(UUID id) {
        return em.find(OutboxEntry.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    private OutboxEntry lockRow(UUID rowId, String providerId) {
        OutboxEntry e = rowId == null ? null : lock(rowId);
        if (e == null && providerId != null) {
            e = byProviderId(providerId).map(r -> lock(r.id)).orElse(null);
        }
        return e;
    }

    private List<OutboxEntry> detached(List<UUID> ids) {
        List<OutboxEntry> out = new ArrayList<>();
        for (UUID id : ids) {
            OutboxEntry e = em.find(OutboxEntry.class, id);
            em.detach(e);
            out.add(e);
        }
        return out;
    }

    /** Wakes the dispatcher of every replica once this transaction commits (pages written or pulled forward). */
    void wakeAfterCommit() {
        if (tx.getResource(WAKE_REGISTERED) != null) {
            return;
        }
        tx.putResource(WAKE_REGISTERED, Boolean.TRUE);
        // delivered to every listening replica when this transaction commits, not before
        em.createNativeQuery("SELECT pg_notify('" + NOTIFY_CHANNEL + "', '')").getSingleResult();
        tx.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    signal.wake();
                }
            }
        });
    }
}
