package dev.klaxon.notify;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.alert.TimelineKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A failed page, or one that may not have gone out, moves on to the same user's next contact method of the same step
 * ("handover" on the timeline).
 */
@ApplicationScoped
@Transactional
public class Failover {

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    AlertService alerts;

    @Inject
    Outbox outbox;

    @Inject
    OutboxQueries queries;

    @Inject
    Event<Requested> requests;

    /**
     * A page failed and no later page of that user's step was waiting to be pulled forward: the engine picks the
     * user's next contact method not yet paged for this step ({@code alreadyPaged}).
     */
    public record Requested(UUID alertId, UUID userId, Integer round, Integer step, Set<UUID> alreadyPaged,
                            String reason) {
    }

    /**
     * Moves on to the user's next contact method of the same step now: a later page of that step is pulled
     * forward, or else the engine writes one for a contact method not yet paged. Once per row; only while the
     * alert is still waiting for a human.
     */
    void moveOn(OutboxEntry e, String why) {
        if (e.handedOverAt != null || e.userId == null) {
            return;
        }
        List<OutboxEntry> pages = e.isBundle() ? queries.bundleMembers(e.id) : e.alertId == null ? List.of() : List.of(e);
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
                alerts.log(p.alertId, TimelineKind.HANDOVER, null, why + "; handing over to " + PageTimeline.describe(n)
                        + (pulled == 1 ? " now instead of at " + n.notBefore : " (already due)"));
                outbox.wakeAfterCommit();
            } else {
                requests.fire(new Requested(p.alertId, p.userId, p.escalationRound, p.escalationStep,
                        queries.pagedMethods(p), why));
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
}
