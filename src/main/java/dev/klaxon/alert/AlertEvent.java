package dev.klaxon.alert;

import java.util.List;
import java.util.Map;

/**
 * One thing a monitoring system said about an alert, whatever format it came in.
 *
 * @param timelineNote an extra line for the timeline, e.g. which alerts of a group fired or resolved
 * @param group        for grouping sources (Alertmanager, Grafana): the group's members in this delivery, compared
 *                     with the previous delivery to record joins and leaves; null otherwise
 */
public record AlertEvent(Action action, String dedupKey, String summary, Severity severity, String source,
                         Map<String, Object> details, List<Link> links, String timelineNote, GroupSnapshot group) {

    public enum Action { TRIGGER, ACKNOWLEDGE, RESOLVE }

    public AlertEvent(Action action, String dedupKey, String summary, Severity severity, String source,
                      Map<String, Object> details, List<Link> links, String timelineNote) {
        this(action, dedupKey, summary, severity, source, details, links, timelineNote, null);
    }
}
