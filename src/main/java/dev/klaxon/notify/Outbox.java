package dev.klaxon.notify;

import dev.klaxon.alert.AlertService;
import dev.klaxon.platform.KlaxonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The outbox of outgoing messages. Rows are written in the transaction that decided to page; the commit wakes
 * the dispatcher here and, through NOTIFY, on every other replica.
 */
@ApplicationScoped
@Transactional
public class Outbox {

    public static final String NOTIFY_CHANNEL = "klaxon_outbox";
    private static final String WAKE_REGISTERED = Outbox.class.getName() + ".wake";
    private static final int MAX_ATTEMPTS = 4;

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

    /** Writes the page unless the same page key was written before. @return true if it is new. */
    public boolean enqueue(Page p) {
        Instant now = clock.instant();
        int n = em.createNativeQuery("""
                        INSERT INTO outbox (id, page_key, alert_id, user_id, contact_method_id, channel, address, subject,
                                            body, action_url, status, not_before, attempts, created_at, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'PENDING', ?11, 0, ?12, ?12)
                        ON CONFLICT (page_key) DO NOTHING""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, p.pageKey()).setParameter(3, p.alertId())
                .setParameter(4, p.userId()).setParameter(5, p.contactMethodId()).setParameter(6, p.channel())
                .setParameter(7, p.address()).setParameter(8, p.subject()).setParameter(9, p.body())
                .setParameter(10, p.actionUrl()).setParameter(11, p.notBefore()).setParameter(12, now)
                .executeUpdate();
        if (n == 1) {
            wakeAfterCommit();
        }
        return n == 1;
    }

    /** A test message for one contact method, sent now. */
    public UUID enqueueTest(UUID userId, UUID contactMethodId, String channel, String address) {
        String key = "test:" + UUID.randomUUID();
        String body = "Klaxon test message: this contact method can be paged.";
        enqueue(new Page(key, null, userId, contactMethodId, channel, address, "Klaxon test message", body,
                null, clock.instant()));
        return ((OutboxEntry) OutboxEntry.find("pageKey", key).firstResult()).id;
    }

    /** Cancels everything not yet sent for this alert: acknowledging anywhere stops every pending page at once. */
    public int cancelPending(UUID alertId) {
        return em.createNativeQuery("""
                        UPDATE outbox SET status = 'CANCELED', updated_at = ?2
                        WHERE alert_id = ?1 AND status = 'PENDING'""")
                .setParameter(1, alertId).setParameter(2, clock.instant()).executeUpdate();
    }

    /** Claims due rows for this replica: another replica's claim is skipped, never waited for or repeated. */
    @SuppressWarnings("unchecked")
    public List<OutboxEntry> claimDue(int limit) {
        Instant now = clock.instant();
        List<UUID> ids = em.createNativeQuery("""
                        UPDATE outbox SET status = 'SENDING', lease_until = ?1, attempts = attempts + 1, updated_at = ?2
                        WHERE id IN (SELECT id FROM outbox WHERE status = 'PENDING' AND not_before <= ?2
                                     ORDER BY not_before LIMIT ?3 FOR UPDATE SKIP LOCKED)
                        RETURNING id""", UUID.class)
                .setParameter(1, now.plus(config.dispatch().lease())).setParameter(2, now).setParameter(3, limit)
                .getResultList();
        List<OutboxEntry> out = new ArrayList<>();
        for (UUID id : ids) {
            OutboxEntry e = em.find(OutboxEntry.class, id);
            em.detach(e);
            out.add(e);
        }
        return out;
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
        List<OutboxEntry> out = new ArrayList<>();
        for (UUID id : ids) {
            OutboxEntry e = em.find(OutboxEntry.class, id);
            em.detach(e);
            out.add(e);
        }
        return out;
    }

    public void markSent(UUID id, SendResult r) {
        OutboxEntry e = em.find(OutboxEntry.class, id);
        if (e == null || e.status != OutboxStatus.SENDING) {
            return;
        }
        Instant now = clock.instant();
        e.status = OutboxStatus.SENT;
        e.providerId = r.providerId();
        e.providerStatus = r.providerStatus();
        e.sentAt = now;
        e.updatedAt = now;
        e.leaseUntil = null;
        e.error = null;
        if (e.alertId != null) {
            alerts.log(e.alertId, "sent", null, describe(e) + " accepted by the provider"
                    + (r.providerId() == null ? "" : " (" + r.providerId() + ")"));
        }
    }

    /** A failed attempt: retried with backoff, then failed for good and recorded on the timeline. */
    public void markAttemptFailed(UUID id, String error) {
        OutboxEntry e = em.find(OutboxEntry.class, id);
        if (e == null || e.status != OutboxStatus.SENDING) {
            return;
        }
        Instant now = clock.instant();
        e.error = error;
        e.updatedAt = now;
        e.leaseUntil = null;
        if (e.attempts < MAX_ATTEMPTS) {
            e.status = OutboxStatus.PENDING;
            e.notBefore = now.plus(Duration.ofSeconds(5L << (e.attempts - 1)));
            if (e.alertId != null) {
                alerts.log(e.alertId, "send-retry", null, describe(e) + " failed (" + error + "); retrying");
            }
        } else {
            e.status = OutboxStatus.FAILED;
            if (e.alertId != null) {
                alerts.log(e.alertId, "send-failed", null, describe(e) + " failed for good: " + error);
            }
        }
    }

    /** A row that reconciliation found was never sent goes back to the queue. */
    public void requeue(UUID id, String why) {
        OutboxEntry e = em.find(OutboxEntry.class, id);
        if (e == null || e.status != OutboxStatus.SENDING) {
            return;
        }
        e.status = OutboxStatus.PENDING;
        e.leaseUntil = null;
        e.notBefore = clock.instant();
        e.updatedAt = clock.instant();
        if (e.alertId != null) {
            alerts.log(e.alertId, "send-recovered", null, describe(e) + ": " + why);
        }
        wakeAfterCommit();
    }

    /** Provider status callbacks (delivered, failed…). */
    public Optional<OutboxEntry> byProviderId(String providerId) {
        return OutboxEntry.find("providerId", providerId).firstResultOptional();
    }

    public Optional<OutboxEntry> find(UUID id) {
        return Optional.ofNullable(OutboxEntry.findById(id));
    }

    public List<OutboxEntry> forAlert(UUID alertId) {
        return OutboxEntry.list("alertId = ?1 order by createdAt, id", alertId);
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

    static String describe(OutboxEntry e) {
        return e.channel + " to " + e.address;
    }

    private void wakeAfterCommit() {
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
