package dev.klaxon.notify;

import dev.klaxon.platform.KlaxonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
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

    private List<OutboxEntry> detached(List<UUID> ids) {
        List<OutboxEntry> out = new ArrayList<>();
        for (UUID id : ids) {
            OutboxEntry e = em.find(OutboxEntry.class, id);
            em.detach(e);
            out.add(e);
        }
        return out;
    }
}
