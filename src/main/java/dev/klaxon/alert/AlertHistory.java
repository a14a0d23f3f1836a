package dev.klaxon.alert;

import dev.klaxon.platform.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What reports need to know about past alerts, read from the alerts and their timelines. */
@ApplicationScoped
@Transactional
public class AlertHistory {

    /**
     * One alert's milestones.
     *
     * @param firstAcknowledgedAt the first acknowledgement on its timeline (a later re-trigger does not erase it)
     */
    public record Facts(UUID id, Instant createdAt, Instant firstAcknowledgedAt, Instant resolvedAt) {
    }

    @Inject
    EntityManager em;

    /** Alerts of a service created in [from, to). */
    @SuppressWarnings("unchecked")
    public List<Facts> createdBetween(UUID serviceId, Instant from, Instant to) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT a.id, a.created_at,
                               (SELECT min(l.at) FROM alert_log l WHERE l.alert_id = a.id AND l.kind = 'acknowledged'),
                               a.resolved_at
                        FROM alert a WHERE a.service_id = ?1 AND a.created_at >= ?2 AND a.created_at < ?3
                        ORDER BY a.created_at""")
                .setParameter(1, serviceId).setParameter(2, from).setParameter(3, to).getResultList();
        return rows.stream().map(r -> new Facts((UUID) r[0], SqlTimes.instant(r[1]), SqlTimes.instant(r[2]),
                SqlTimes.instant(r[3]))).toList();
    }
}
