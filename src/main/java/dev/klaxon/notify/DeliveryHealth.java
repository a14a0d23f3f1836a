package dev.klaxon.notify;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the outbox knows about pages that cannot get through: steps of which nobody can be reached, and pages
 * waiting on a failing provider ({@code klaxon_pages_waiting_on_provider{channel}}, cluster-wide, from the
 * database, at most 5 s old).
 */
@ApplicationScoped
@Transactional
public class DeliveryHealth {

    /** A step of an alert whose every page failed for good or has been held by a failing provider long enough. */
    public record UnreachableStep(UUID alertId, int round, int step, List<String> pages) {
    }

    /** A failing page older than this is not looked at again (a step lasting a day has bigger problems). */
    static final Duration HORIZON = Duration.ofDays(1);
    private static final long GAUGE_REFRESH_NANOS = 5_000_000_000L;

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    MeterRegistry metrics;

    private final Map<String, Long> waiting = new ConcurrentHashMap<>();
    private volatile long waitingReadAt = System.nanoTime() - GAUGE_REFRESH_NANOS;

    void publish(@Observes StartupEvent e) {
        for (String channel : Breakers.CHANNELS) {
            Gauge.builder("klaxon.pages.waiting.on.provider", this, h -> h.waiting(channel))
                    .description("pages of open alerts held back by a failing provider (retried until it recovers)")
                    .tag("channel", channel).register(metrics);
        }
    }

    /**
     * Steps (of any alert; the caller checks it is the alert's current one) whose pages all failed for good, or
     * have been failing since {@code heldSince} or longer while still pending. A page folded into a bundle counts
     * as reachable. At most {@code limit}.
     */
    @SuppressWarnings("unchecked")
    public List<UnreachableStep> unreachableSteps(Instant heldSince, int limit) {
        Instant now = clock.instant();
        List<Object[]> rows = em.createNativeQuery("""
                        WITH candidate AS (
                            SELECT DISTINCT alert_id, escalation_round, escalation_step FROM outbox
                            WHERE failing_since IS NOT NULL AND status IN ('PENDING', 'SENDING', 'FAILED')
                              AND NOT outlives_step AND failing_since > ?3 AND alert_id IS NOT NULL
                              AND escalation_round IS NOT NULL
                              AND (status = 'FAILED' OR failing_since <= ?1))
                        SELECT o.alert_id, o.escalation_round, o.escalation_step,
                               string_agg(o.channel || ' to ' || o.address || CASE WHEN o.status = 'FAILED'
                                   THEN ' failed for good' ELSE ' failing since ' || to_char(o.failing_since AT TIME ZONE 'UTC',
                                   'YYYY-MM-DD"T"HH24:MI:SS"Z"') END, ', ' ORDER BY o.created_at)
                        FROM outbox o JOIN candidate c ON c.alert_id = o.alert_id
                             AND c.escalation_round = o.escalation_round AND c.escalation_step = o.escalation_step
                        WHERE o.contact_method_id IS NOT NULL AND NOT (o.status = 'CANCELED' AND o.bundle_id IS NULL)
                        GROUP BY o.alert_id, o.escalation_round, o.escalation_step
                        HAVING bool_and((o.status = 'FAILED' AND o.failing_since IS NOT NULL)
                                        OR (o.status IN ('PENDING', 'SENDING') AND o.failing_since <= ?1))
                        LIMIT ?2""")
                .setParameter(1, heldSince).setParameter(2, limit).setParameter(3, now.minus(HORIZON))
                .getResultList();
        List<UnreachableStep> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new UnreachableStep((UUID) r[0], ((Number) r[1]).intValue(), ((Number) r[2]).intValue(),
                    List.of(((String) r[3]).split(", "))));
        }
        return out;
    }

    /**
     * The step was handed on early: its pages not yet out keep being retried after the escalation moved on,
     * until the alert is acknowledged or resolved. @return pages carried over.
     */
    public int carryOver(UUID alertId, int round, int step) {
        return em.createNativeQuery("""
                        UPDATE outbox SET outlives_step = TRUE, updated_at = ?4
                        WHERE alert_id = ?1 AND escalation_round = ?2 AND escalation_step = ?3
                          AND status IN ('PENDING', 'SENDING')""")
                .setParameter(1, alertId).setParameter(2, round).setParameter(3, step)
                .setParameter(4, clock.instant()).executeUpdate();
    }

    /** Pages of open alerts (and bundles) a failing provider holds back now, per channel, cluster-wide. */
    @SuppressWarnings("unchecked")
    public Map<String, Long> waitingOnProvider() {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT channel, count(*) FROM outbox
                        WHERE failing_since IS NOT NULL AND status IN ('PENDING', 'SENDING') AND NOT outlives_step
                          AND failing_since > ?1
                        GROUP BY channel""").setParameter(1, clock.instant().minus(HORIZON)).getResultList();
        Map<String, Long> out = new LinkedHashMap<>();
        for (Object[] r : rows) {
            out.put((String) r[0], ((Number) r[1]).longValue());
        }
        List<Object[]> carried = em.createNativeQuery("""
                        SELECT channel, count(*) FROM outbox
                        WHERE outlives_step AND status IN ('PENDING', 'SENDING') GROUP BY channel""").getResultList();
        for (Object[] r : carried) {
            out.merge((String) r[0], ((Number) r[1]).longValue(), Long::sum);
        }
        return out;
    }

    private double waiting(String channel) {
        long now = System.nanoTime(); // how fresh a metric is: elapsed time, not domain time
        if (now - waitingReadAt >= GAUGE_REFRESH_NANOS) {
            waitingReadAt = now;
            try {
                Map<String, Long> fresh = QuarkusTransaction.requiringNew().call(this::waitingOnProvider);
                for (String c : Breakers.CHANNELS) {
                    waiting.put(c, fresh.getOrDefault(c, 0L));
                }
            } catch (RuntimeException e) {
                return Double.NaN; // the database is away: unknown, not zero
            }
        }
        return waiting.getOrDefault(channel, 0L);
    }
}
