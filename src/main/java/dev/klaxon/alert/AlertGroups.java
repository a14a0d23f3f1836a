package dev.klaxon.alert;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers which members of an Alertmanager/Grafana group an open alert has seen, and writes a timeline line when
 * members join or leave. A delivery with the same members (an HA peer's duplicate, a repeat notification) writes
 * nothing. Runs in the caller's transaction while it holds the alert's row lock, so deliveries of one group are
 * compared one after another.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AlertGroups {

    /** Members remembered per alert; beyond this a group is summarised by its count. */
    static final int MAX_MEMBERS = 1000;
    /** Names spelled out in one timeline line. */
    static final int MAX_NAMES = 10;

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    /**
     * Stores the group's members as of this delivery.
     *
     * @return the timeline entries saying who joined and who left (empty: the membership did not change); the
     *         caller writes them, so this class needs nothing from {@link AlertService}
     */
    public List<AlertTransitions.Entry> record(Alert a, GroupSnapshot snapshot, String actor) {
        AlertGroup g = em.find(AlertGroup.class, a.id);
        Map<String, String> seen = g == null || g.members == null ? Map.of() : g.members;
        GroupSnapshot.Change change = snapshot.against(seen, MAX_MEMBERS);
        // the members a group opens with are not joining anything yet
        String verb = g == null && GroupSnapshot.JOINED.equals(snapshot.joinVerb()) ? "firing" : snapshot.joinVerb();
        if (g == null) {
            g = new AlertGroup();
            g.alertId = a.id;
            g.members = new LinkedHashMap<>(change.members());
            g.updatedAt = clock.instant();
            g.persist();
        } else if (!change.isEmpty()) {
            g.members = new LinkedHashMap<>(change.members());
            g.updatedAt = clock.instant();
        }
        List<AlertTransitions.Entry> entries = new ArrayList<>();
        if (!change.joined().isEmpty()) {
            entries.add(new AlertTransitions.Entry(TimelineKind.GROUP_JOINED, actor, verb + ": " + names(change.joined())));
        }
        if (!change.left().isEmpty()) {
            entries.add(new AlertTransitions.Entry(TimelineKind.GROUP_RESOLVED, actor, "resolved: " + names(change.left())));
        }
        return change.isEmpty() ? List.of() : entries;
    }

    static String names(Map<String, String> members) {
        List<String> n = new ArrayList<>();
        for (String name : members.values()) {
            if (n.size() == MAX_NAMES) {
                n.add("and " + (members.size() - MAX_NAMES) + " more");
                break;
            }
            n.add(name);
        }
        return String.join(", ", n);
    }
}
