package dev.klaxon.alert;

import dev.klaxon.platform.KlaxonException;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The timers of an alert after it opened: an acknowledgement that runs out (the service's ackTimeout, or a
 * snooze) re-triggers it and restarts escalation; an alert nobody re-triggers for the service's autoResolve
 * resolves. The transitions live here; the engine's lifecycle sweep claims what is due and calls them.
 */
@ApplicationScoped
@Transactional
public class AlertLifecycle {

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    AlertService alerts;

    @Inject
    ServiceCatalog services;

    @Inject
    Event<AlertSignals.Triggered> triggered;

    /** An acknowledgement lasts the service's ackTimeout, when it has one; resolving ends every timer. */
    void onStopped(@Observes AlertSignals.Stopped e) {
        Alert a = em.find(Alert.class, e.alertId());
        a.ackExpiresAt = null;
        a.snoozedUntil = null;
        a.pagingDeferredUntil = null;
        if (e.status() != AlertStatus.ACKNOWLEDGED) {
            return;
        }
        Service s = services.find(a.serviceId);
        if (s != null && s.ackTimeoutSeconds != null) {
            Duration timeout = dev.klaxon.service.Timers.bounded(s.ackTimeoutSeconds);
            a.ackExpiresAt = a.acknowledgedAt.plus(timeout);
            alerts.log(a, TimelineKind.ACK_TIMEOUT_SET, null, "Unless resolved by " + a.ackExpiresAt
                    + ", the alert re-triggers (service ackTimeout " + timeout + ")");
        }
    }

    /** A human escalating an acknowledged alert ends its acknowledgement and any snooze. */
    void onEscalateRequested(@Observes AlertSignals.EscalateRequested e) {
        Alert a = em.find(Alert.class, e.alertId());
        a.ackExpiresAt = null;
        a.snoozedUntil = null;
    }

    /**
     * Acknowledges the alert for {@code duration}; then it re-triggers and escalation restarts at step 1.
     * Snoozing a snoozed or acknowledged alert sets the new end.
     */
    public Alert snooze(UUID id, Duration duration, String actor, String surface) {
        Alert a = alerts.lock(id);
        if (AlertTransitions.snooze(AlertState.of(a), actor, surface, duration, clock.instant())
                instanceof AlertTransitions.Unchanged u) {
            throw KlaxonException.conflict(u.why());
        }
        alerts.acknowledge(id, actor, surface);
        Instant now = clock.instant();
        alerts.apply(a, AlertTransitions.snooze(AlertState.of(a), actor, surface, duration, now), now);
        return a;
    }

    /** Acknowledged alerts whose acknowledgement ran out, locked; rows another replica holds are skipped. */
    @SuppressWarnings("unchecked")
    public List<Alert> claimExpiredAcknowledgements(int limit) {
        List<UUID> ids = em.createNativeQuery("""
                        SELECT id FROM alert WHERE status = 'ACKNOWLEDGED' AND ack_expires_at <= ?1
                        ORDER BY ack_expires_at LIMIT ?2 FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter(1, clock.instant()).setParameter(2, limit).getResultList();
        return load(ids);
    }

    /** Re-triggers an alert whose acknowledgement or snooze ran out: paging starts over from step 1. */
    public void acknowledgementExpired(Alert a) {
        if (alerts.apply(a, AlertTransitions.acknowledgementExpired(AlertState.of(a)), clock.instant())) {
            triggered.fire(new AlertSignals.Triggered(a.id));
        }
    }

    /**
     * Open alerts of a service with no trigger since {@code cutoff}, locked; others' rows skipped. The last trigger
     * is the later of {@code last_triggered_at} (indexed, kept within a minute of it) and {@code last_duplicate_at}
     * (the last counted duplicate): see {@link AlertService#TRIGGER_TIME_LAG}.
     */
    @SuppressWarnings("unchecked")
    public List<Alert> claimIdle(UUID serviceId, Instant cutoff, int limit) {
        List<UUID> ids = em.createNativeQuery("""
                        SELECT id FROM alert WHERE service_id = ?1 AND status <> 'RESOLVED' AND last_triggered_at <= ?2
                          AND (last_duplicate_at IS NULL OR last_duplicate_at <= ?2)
                        ORDER BY last_triggered_at LIMIT ?3 FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter(1, serviceId).setParameter(2, cutoff).setParameter(3, limit).getResultList();
        return load(ids);
    }

    public void autoResolve(Alert a, Duration after) {
        Instant last = a.lastDuplicateAt != null && a.lastDuplicateAt.isAfter(a.lastTriggeredAt) ? a.lastDuplicateAt : a.lastTriggeredAt;
        alerts.log(a, TimelineKind.AUTO_RESOLVE, null, "No new trigger since " + last + " (service autoResolve "
                + after + ")");
        alerts.resolve(a.id, "Klaxon", "auto-resolve");
    }

    // ---- maintenance: the engine defers paging, the sweep resumes it

    /** Paging of this alert waits until {@code until}, when the escalation sweep picks it up again. */
    public void deferPaging(Alert a, int round, int step, Instant until) {
        // one step back, so the sweep's "advance" pages this very step when the window ends
        alerts.setEscalation(a, round, step - 1, until);
        a.pagingDeferredUntil = until;
    }

    /** Called as the sweep resumes a deferred alert. @return whether paging had waited for maintenance. */
    public boolean resumePaging(Alert a) {
        if (a.pagingDeferredUntil == null) {
            return false;
        }
        a.pagingDeferredUntil = null;
        return true;
    }

    /** A maintenance window was removed: alerts waiting for it are due now (a remaining window defers them again). */
    public int wakeDeferred(UUID serviceId) {
        Instant now = clock.instant();
        return em.createNativeQuery("""
                        UPDATE alert SET next_escalation_at = ?2
                        WHERE service_id = ?1 AND status = 'TRIGGERED' AND paging_deferred_until > ?2""")
                .setParameter(1, serviceId).setParameter(2, now).executeUpdate();
    }

    private List<Alert> load(List<UUID> ids) {
        List<Alert> out = new ArrayList<>();
        for (UUID id : ids) {
            out.add(em.find(Alert.class, id));
        }
        return out;
    }
}
