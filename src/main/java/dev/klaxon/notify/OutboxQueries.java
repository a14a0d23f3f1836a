package dev.klaxon.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Questions about outbox rows: the API's notification list, the ack paths, reconciliation and reports ask here. */
@ApplicationScoped
@Transactional
public class OutboxQueries {

    @Inject
    EntityManager em;

    /** Contact methods this user's step already has a page for (sent, failed, pending or folded). */
    @SuppressWarnings("unchecked")
    public Set<UUID> pagedMethods(OutboxEntry p) {
        List<UUID> ids = em.createNativeQuery("""
                        SELECT DISTINCT contact_method_id FROM outbox
                        WHERE alert_id = ?1 AND user_id = ?2 AND contact_method_id IS NOT NULL
                          AND escalation_round IS NOT DISTINCT FROM CAST(?3 AS integer)
                          AND escalation_step IS NOT DISTINCT FROM CAST(?4 AS integer)""", UUID.class)
                .setParameter(1, p.alertId).setParameter(2, p.userId).setParameter(3, p.escalationRound)
                .setParameter(4, p.escalationStep).getResultList();
        return new LinkedHashSet<>(ids);
    }

    /** Provider status callbacks (delivered, failed…). */
    public Optional<OutboxEntry> byProviderId(String providerId) {
        return OutboxEntry.find("providerId", providerId).firstResultOptional();
    }

    /** Whether another row already owns this provider id (reconciliation must not claim someone else's message). */
    public boolean providerIdTaken(String providerId, UUID exceptRow) {
        return OutboxEntry.count("providerId = ?1 and id <> ?2", providerId, exceptRow) > 0;
    }

    public Optional<OutboxEntry> find(UUID id) {
        return Optional.ofNullable(OutboxEntry.findById(id));
    }

    /** The alert's pages, and the bundles that carried any of them. */
    public List<OutboxEntry> forAlert(UUID alertId) {
        return OutboxEntry.list("alertId = ?1 or id in (select o.bundleId from OutboxEntry o where o.alertId = ?1"
                + " and o.bundleId is not null) order by createdAt, id", alertId);
    }

    /** The pages a bundle (or a carrying page) stands for. */
    public List<OutboxEntry> bundleMembers(UUID bundleId) {
        return OutboxEntry.list("bundleId = ?1 order by createdAt, id", bundleId);
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

    /** Alerts whose pages reached this address since then, on their own or inside a bundle ("aa" acts on them). */
    @SuppressWarnings("unchecked")
    public List<UUID> alertsPagedTo(String address, Instant since) {
        return em.createNativeQuery("""
                        SELECT DISTINCT o.alert_id FROM outbox o LEFT JOIN outbox b ON b.id = o.bundle_id
                        WHERE o.address = ?1 AND o.alert_id IS NOT NULL AND o.created_at >= ?2
                          AND (o.sent_at IS NOT NULL OR b.sent_at IS NOT NULL)""", UUID.class)
                .setParameter(1, address).setParameter(2, since).getResultList();
    }
}
