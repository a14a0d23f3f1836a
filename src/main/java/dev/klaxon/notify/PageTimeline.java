package dev.klaxon.notify;

import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.TimelineKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** Writes what happened to a page on the timeline of its alert, or of every alert a bundle carries. */
@ApplicationScoped
@Transactional
public class PageTimeline {

    @Inject
    AlertService alerts;

    @Inject
    OutboxQueries queries;

    /** How a row reads on a timeline: {@code SMS to +4915…}, {@code bundled SMS to …}. */
    public static String describe(OutboxEntry e) {
        return (e.isBundle() ? "bundled " : "") + e.channel + " to " + e.address;
    }

    /** On the timeline of the row's alert, or of every alert a bundle carries. */
    void log(OutboxEntry e, TimelineKind kind, String message) {
        if (e.isBundle()) {
            for (UUID alertId : queries.bundleMembers(e.id).stream().map(m -> m.alertId).distinct().toList()) {
                alerts.log(alertId, kind, null, message);
            }
        } else if (e.alertId != null) {
            alerts.log(e.alertId, kind, null, message);
        }
    }
}
