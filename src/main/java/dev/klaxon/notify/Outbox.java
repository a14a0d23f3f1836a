package dev.klaxon.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;

/**
 * The outbox of outgoing messages. Rows are written in the transaction that decided to page; the commit wakes
 * the dispatcher here and, through NOTIFY, on every other replica.
 *
 * <p>A row moves pending → sending (leased to one replica) → sent (the provider accepted it) → delivered (a human
 * got it: handset receipt, key press) | failed (the provider refused it, or it rang out, hit voicemail, bounced);
 * canceled when its alert stopped, its step moved on, or it was folded into another row. State only moves
 * forward. A failed page fails over to the same user's next contact method at once.</p>
 *
 * <p>This class writes rows and cancels pending ones; {@link OutboxClaims} hands due rows to the dispatcher,
 * {@link DeliveryState} moves a row through its states, {@link Failover} moves on to the next contact method, and
 * {@link OutboxQueries} answers questions about rows.</p>
 */
@ApplicationScoped
@Transactional
public class Outbox {

    public static final String NOTIFY_CHANNEL = "klaxon_outbox";
    private static final String WAKE_REGISTERED = Outbox.class.getName() + ".wake";

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    TransactionSynchronizationRegistry tx;

    @Inject
    DispatchSignal signal;

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
        String key = "test:" + UUID.randomUUID();
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
