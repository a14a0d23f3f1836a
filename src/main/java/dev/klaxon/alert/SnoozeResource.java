package dev.klaxon.alert;

import dev.klaxon.platform.AddressMask;
import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.time.Duration;
import java.util.UUID;

/** {@code POST /api/v1/alerts/{id}/snooze {duration}}: acknowledge for a while, then re-trigger. */
@Path("/api/v1/alerts/{id}/snooze")
public class SnoozeResource {

    /** Longest snooze: beyond a week the alert should be resolved or the monitor fixed. */
    static final Duration MAX = Duration.ofDays(7);

    public record SnoozeBody(String duration) {
    }

    @Inject
    AlertLifecycle lifecycle;

    @Inject
    AlertService alerts;

    @Inject
    Caller caller;

    @POST
    public AlertResource.AlertView snooze(@PathParam("id") String id, SnoozeBody body) {
        UUID alertId = Validation.pathId(id, "alert");
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        Duration d = v.duration("duration", body.duration(), Duration.ofMinutes(1), MAX);
        v.check();
        lifecycle.snooze(alertId, d, caller.actor(), "API");
        Alert a = alerts.require(alertId);
        return AlertResource.AlertView.of(a, alerts.timeline(alertId).stream()
                .map(e -> new AlertResource.TimelineEntry(e.at, e.kind, e.actor,
                        caller.isAdmin() ? e.message : AddressMask.redact(e.message))).toList());
    }
}
