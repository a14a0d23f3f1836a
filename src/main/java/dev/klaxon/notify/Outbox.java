package dev.klaxon.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * {@link #enqueue} for many pages in one statement (the escalation sweep's batch): each page is written unless
     * its page key was written before, by this statement or any earlier one. No two pages may share a key.
     *
     * @return the page keys written; a key left out was already there
     */
    public Set<String> enqueueAll(List<Page> pages) {
        if (pages.isEmpty()) {
            return Set.of();
        }
        int n = pages.size();
        UUID[] ids = new UUID[n];
        String[] keys = new String[n];
        UUID[] alertIds = new UUID[n];
        UUID[] userIds = new UUID[n];
        UUID[] methodIds = new UUID[n];
        String[] channels = new String[n];
        String[] addresses = new String[n];
        String[] subjects = new String[n];
        String[] bodies = new String[n];
        String[] actionUrls = new String[n];
        String[] notBefore = new String[n];
        Integer[] rounds = new Integer[n];
        Integer[] steps = new Integer[n];
        Long[] repeats = new Long[n];
        Integer[] repeatIndexes = new Integer[n];
        for (int i = 0; i < n; i++) {
            Page p = pages.get(i);
            ids[i] = UUID.randomUUID();
            keys[i] = p.pageKey();
            alertIds[i] = p.alertId();
            userIds[i] = p.userId();
            methodIds[i] = p.contactMethodId();
            channels[i] = p.channel();
            addresses[i] = p.address();
            subjects[i] = p.subject();
            bodies[i] = p.body();
            actionUrls[i] = p.actionUrl();
            notBefore[i] = p.notBefore().toString();
            rounds[i] = p.round();
            steps[i] = p.step();
            repeats[i] = p.repeat() == null ? null : p.repeat().toSeconds();
            repeatIndexes[i] = p.repeatIndex();
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        Set<String> written = em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO outbox (id, page_key, alert_id, user_id, contact_method_id, channel, address, subject,
                                        body, action_url, status, not_before, attempts, created_at, updated_at,
                                        escalation_round, escalation_step, repeat_seconds, repeat_index)
                    SELECT v.id, v.page_key, v.alert_id, v.user_id, v.contact_method_id, v.channel, v.address,
                           v.subject, v.body, v.action_url, 'PENDING', v.not_before::timestamptz, 0, ?::timestamptz, ?::timestamptz,
                           v.escalation_round, v.escalation_step, v.repeat_seconds, v.repeat_index
                    FROM unnest(?::uuid[], ?::text[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[],
                                ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::bigint[], ?::int[])
                         AS v(id, page_key, alert_id, user_id, contact_method_id, channel, address, subject, body,
                              action_url, not_before, escalation_round, escalation_step, repeat_seconds, repeat_index)
                    ON CONFLICT (page_key) DO NOTHING
                    RETURNING page_key""")) {
                st.setObject(1, now);
                st.setObject(2, now);
                st.setArray(3, c.createArrayOf("uuid", ids));
                st.setArray(4, c.createArrayOf("text", keys));
                st.setArray(5, c.createArrayOf("uuid", alertIds));
                st.setArray(6, c.createArrayOf("uuid", userIds));
                st.setArray(7, c.createArrayOf("uuid", methodIds));
                st.setArray(8, c.createArrayOf("text", channels));
                st.setArray(9, c.createArrayOf("text", addresses));
                st.setArray(10, c.createArrayOf("text", subjects));
                st.setArray(11, c.createArrayOf("text", bodies));
                st.setArray(12, c.createArrayOf("text", actionUrls));
                st.setArray(13, c.createArrayOf("text", notBefore));
                st.setArray(14, c.createArrayOf("int4", rounds));
                st.setArray(15, c.createArrayOf("int4", steps));
                st.setArray(16, c.createArrayOf("int8", repeats));
                st.setArray(17, c.createArrayOf("int4", repeatIndexes));
                Set<String> out = new HashSet<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
        if (!written.isEmpty()) {
            wakeAfterCommit();
        }
        return written;
    }

    /** An alert's escalation position: pass {@code round}, step {@code step} (both from 0). */
    public record StepAt(UUID alertId, int round, int step) {
    }

    /**
     * The escalation of each alert moved to its (round, step): pending pages of the steps before stop, repeats
     * included — one statement for them all. Each alert at most once.
     *
     * @return how many pages each alert had canceled; an alert with none is absent
     */
    public Map<UUID, Integer> cancelSupersededSteps(List<StepAt> positions) {
        if (positions.isEmpty()) {
            return Map.of();
        }
        em.flush(); // JDBC below: rows this transaction changed through Hibernate must be in the table first
        UUID[] alertIds = positions.stream().map(StepAt::alertId).toArray(UUID[]::new);
        Integer[] rounds = positions.stream().map(StepAt::round).toArray(Integer[]::new);
        Integer[] steps = positions.stream().map(StepAt::step).toArray(Integer[]::new);
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE outbox o SET status = 'CANCELED', updated_at = ?::timestamptz, error = 'the escalation moved on'
                    FROM unnest(?::uuid[], ?::int[], ?::int[]) AS v(alert_id, escalation_round, escalation_step)
                    WHERE o.alert_id = v.alert_id AND o.status = 'PENDING' AND o.escalation_round IS NOT NULL
                      AND (o.escalation_round <> v.escalation_round OR o.escalation_step <> v.escalation_step)
                      AND (NOT o.outlives_step
                           OR (o.escalation_step = v.escalation_step AND o.escalation_round <> v.escalation_round))
                    RETURNING o.alert_id""")) {
                st.setObject(1, now);
                st.setArray(2, c.createArrayOf("uuid", alertIds));
                st.setArray(3, c.createArrayOf("int4", rounds));
                st.setArray(4, c.createArrayOf("int4", steps));
                Map<UUID, Integer> out = new HashMap<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.merge(rs.getObject(1, UUID.class), 1, Integer::sum);
                    }
                }
                return out;
            }
        });
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
