package dev.klaxon.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Heartbeat bookkeeping. A beat and the sweep that looks for silent heartbeats both lock the integration's row
 * first, so a beat racing the sweep either lands before it (no alert) or after it (and resolves the alert).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class HeartbeatService {

    /** A heartbeat found silent, claimed for this transaction. */
    public record Missed(UUID integrationId, UUID serviceId, String name, Duration interval, Instant lastBeatAt,
                         Instant createdAt) {
    }

    @Inject
    EntityManager em;

    /**
     * Records a beat. @return when the heartbeat had been declared missed, if it had: the caller resolves the alert
     */
    public Optional<Instant> beat(UUID integrationId, Instant at) {
        lockIntegration(integrationId);
        HeartbeatState s = em.find(HeartbeatState.class, integrationId);
        if (s == null) {
            s = new HeartbeatState();
            s.integrationId = integrationId;
            s.lastBeatAt = at;
            s.persist();
            return Optional.empty();
        }
        Instant missed = s.missedAt;
        if (s.lastBeatAt == null || at.isAfter(s.lastBeatAt)) {
            s.lastBeatAt = at;
        }
        s.missedAt = null;
        return Optional.ofNullable(missed);
    }

    public Optional<HeartbeatState> state(UUID integrationId) {
        return Optional.ofNullable(em.find(HeartbeatState.class, integrationId));
    }

    /**
     * Heartbeats silent for their interval and not yet declared missed, locked (rows other replicas hold are
     * skipped) and marked missed at {@code now}.
     */
    @SuppressWarnings("unchecked")
    public List<Missed> claimMissed(Instant now, int limit) {
        List<UUID> ids = em.createNativeQuery("""
                        SELECT i.id FROM integration i LEFT JOIN heartbeat_state h ON h.integration_id = i.id
                        WHERE i.type = 'HEARTBEAT' AND i.heartbeat_seconds IS NOT NULL AND h.missed_at IS NULL
                          AND COALESCE(h.last_beat_at, i.created_at)
                              + LEAST(GREATEST(i.heartbeat_seconds, ?3), ?4) * INTERVAL '1 second' <= ?1
                        ORDER BY i.id LIMIT ?2
                        FOR NO KEY UPDATE OF i SKIP LOCKED""", UUID.class)
                .setParameter(1, now).setParameter(2, limit)
                .setParameter(3, Timers.MIN.toSeconds()).setParameter(4, Timers.MAX.toSeconds()).getResultList();
        List<Missed> out = new ArrayList<>();
        for (UUID id : ids) {
            // read after the lock, in a statement of its own: a beat that committed between the query's snapshot
            // and our lock is seen here
            Integration i = em.find(Integration.class, id);
            HeartbeatState s = em.find(HeartbeatState.class, id);
            Instant since = s != null && s.lastBeatAt != null ? s.lastBeatAt : i.createdAt;
            Duration interval = Timers.bounded(i.heartbeatSeconds);
            if ((s != null && s.missedAt != null) || since.plus(interval).isAfter(now)) {
                continue;
            }
            if (s == null) {
                s = new HeartbeatState();
                s.integrationId = id;
                s.missedAt = now;
                s.persist();
            } else {
                s.missedAt = now;
            }
            out.add(new Missed(id, i.serviceId, i.name, interval, s.lastBeatAt, i.createdAt));
        }
        return out;
    }

    private void lockIntegration(UUID integrationId) {
        em.createNativeQuery("SELECT id FROM integration WHERE id = ?1 FOR NO KEY UPDATE")
                .setParameter(1, integrationId).getResultList();
    }
}
