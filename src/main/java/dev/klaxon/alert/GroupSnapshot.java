package dev.klaxon.alert;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a grouping source (Alertmanager, Grafana) says about the members of one group in one delivery.
 *
 * @param firing   fingerprint → display name of the members firing now
 * @param resolved fingerprint → display name of the members this delivery reports as resolved
 * @param complete whether the delivery lists every member of the group (false when the sender truncated the
 *                 list, or when the "group" only ever grows, as the overflow alert does): only then does a member
 *                 missing from the list count as gone
 * @param joinVerb how a new member is announced on the timeline ("joined", "folded in")
 */
public record GroupSnapshot(Map<String, String> firing, Map<String, String> resolved, boolean complete,
                            String joinVerb) {

    public static final String JOINED = "joined";

    public GroupSnapshot {
        firing = Map.copyOf(firing);
        resolved = Map.copyOf(resolved);
    }

    public static GroupSnapshot of(Map<String, String> firing, Map<String, String> resolved, boolean complete) {
        return new GroupSnapshot(firing, resolved, complete, JOINED);
    }

    /** How the remembered members change, and what to say about it. */
    public record Change(Map<String, String> joined, Map<String, String> left, Map<String, String> members) {

        public boolean isEmpty() {
            return joined.isEmpty() && left.isEmpty();
        }
    }

    /** Compares this delivery with the members seen so far. Pure, so the edge cases are cheap to test. */
    public Change against(Map<String, String> seen, int maxMembers) {
        Map<String, String> joined = new LinkedHashMap<>();
        Map<String, String> left = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : new java.util.TreeMap<>(firing).entrySet()) {
            if (!seen.containsKey(m.getKey())) {
                joined.put(m.getKey(), m.getValue());
            }
        }
        for (Map.Entry<String, String> s : new java.util.TreeMap<>(seen).entrySet()) {
            boolean reportedResolved = resolved.containsKey(s.getKey()) && !firing.containsKey(s.getKey());
            boolean absent = complete && !firing.containsKey(s.getKey());
            if (reportedResolved || absent) {
                left.put(s.getKey(), s.getValue());
            }
        }
        Map<String, String> members = new LinkedHashMap<>(seen);
        left.keySet().forEach(members::remove);
        for (Map.Entry<String, String> j : joined.entrySet()) {
            if (members.size() >= maxMembers) {
                break; // a group this large is summarised, not tracked member by member
            }
            members.put(j.getKey(), j.getValue());
        }
        return new Change(joined, left, members);
    }
}
