package dev.klaxon.notify;

import dev.klaxon.platform.KlaxonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hands due rows to this replica's dispatcher: a claim leases a row ({@code klaxon.dispatch.lease}) so no other
 * replica sends it, and {@code FOR UPDATE SKIP LOCKED} lets replicas claim side by side without waiting. Rows come
 * back detached: the dispatcher sends outside the claiming transaction.
 */
@ApplicationScoped
@Transactional
public class OutboxClaims {

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    KlaxonConfig config;

    @Inject
    Outbox outbox;

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

    /**
     * Rows this replica claimed but never handed to a provider (it is shutting down): back to pending at once, the
     * attempt not counted, so another replica claims them now rather than after the lease expires.
     * @return how many rows went back
     */
    public int release(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        int n = em.createNativeQuery("""
                        UPDATE outbox SET status = 'PENDING', lease_until = NULL, attempts = GREATEST(attempts - 1, 0),
                                          updated_at = ?2
                        WHERE id IN (?1) AND status = 'SENDING'""")
                .setParameter(1, List.copyOf(ids)).setParameter(2, clock.instant()).executeUpdate();
        if (n > 0) {
            outbox.wakeAfterCommit();
        }
        return n;
    }

    /**
     * Claimed rows locked for their dispatch decision in the caller's transaction (FOR UPDATE SKIP LOCKED, in id
     * order), managed, by id. A row another transaction holds right now (a late status callback of an earlier
     * attempt) is absent rather than waited for.
     */
    @SuppressWarnings("unchecked")
    public Map<UUID, OutboxEntry> lockClaimed(List<UUID> ids) {
        List<UUID> got = em.createNativeQuery("SELECT id FROM outbox WHERE id IN (?1) ORDER BY id FOR UPDATE SKIP LOCKED",
                UUID.class).setParameter(1, ids).getResultList();
        Map<UUID, OutboxEntry> out = new HashMap<>();
        if (!got.isEmpty()) {
            for (OutboxEntry e : em.createQuery("from OutboxEntry where id in :ids", OutboxEntry.class)
                    .setParameter("ids", got).getResultList()) {
                out.put(e.id, e);
            }
        }
        return out;
    }

    /** The claimed rows in one query (not one per row), in claim order, detached. */
    private List<OutboxEntry> detached(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, OutboxEntry> byId = new HashMap<>();
        for (OutboxEntry e : em.createQuery("from OutboxEntry where id in :ids", OutboxEntry.class)
                .setParameter("ids", ids).getResultList()) {
            byId.put(e.id, e);
        }
        List<OutboxEntry> out = new ArrayList<>();
        for (UUID id : ids) {
            OutboxEntry e = byId.get(id);
            if (e != null) {
                em.detach(e);
                out.add(e);
            }
        }
        return out;
    }
}
