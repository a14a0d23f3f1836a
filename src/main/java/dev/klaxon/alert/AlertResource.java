package dev.klaxon.alert;

import dev.klaxon.platform.AddressMask;
import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/alerts")
public class AlertResource {

    public record AlertView(String id, long number, String serviceId, AlertStatus status, String summary,
                            Severity severity, String source, String dedupKey, Instant createdAt,
                            Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
                            Map<String, Object> details, List<Link> links, Instant nextEscalationAt,
                            List<TimelineEntry> timeline) {
        static AlertView of(Alert a, List<TimelineEntry> timeline) {
            return new AlertView(a.id.toString(), a.number, a.serviceId.toString(), a.status, a.summary, a.severity,
                    a.source, a.dedupKey, a.createdAt, a.acknowledgedAt, a.acknowledgedBy, a.resolvedAt,
                    a.details, a.links == null ? List.of() : a.links, a.nextEscalationAt, timeline);
        }
    }

    public record TimelineEntry(Instant at, String kind, String actor, String message) {
    }

    public record NoteBody(String text) {
    }

    @Inject
    AlertService alerts;

    @Inject
    Caller caller;

    @GET
    @APIResponse(responseCode = "200", description = "One page of alerts; `Link: <…>; rel=\"next\"` when there are more", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AlertView.class, type = SchemaType.ARRAY)))
    public Response list(@QueryParam("status") String status, @QueryParam("serviceId") String serviceId,
                         @QueryParam("limit") Integer limit, @QueryParam("after") String after,
                         @Context UriInfo uri) {
        Validation v = Validation.start();
        AlertStatus s = status == null ? null : v.parse("status", status, AlertStatus::parse, "triggered, acknowledged or resolved");
        UUID service = serviceId == null ? null : v.id("serviceId", serviceId);
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 500) v.add("limit", "must be between 1 and 500");
        Long afterNumber = after == null ? null : v.parse("after", after, Long::parseLong, "an alert number");
        v.check();
        List<Alert> page = alerts.list(s, service, size, afterNumber);
        Response.ResponseBuilder rb = Response.ok(page.stream().map(a -> AlertView.of(a, null)).toList());
        if (page.size() == size) {
            URI next = uri.getRequestUriBuilder().replaceQueryParam("after", page.get(page.size() - 1).number).build();
            rb.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return rb.build();
    }

    @GET
    @Path("/{id}")
    public AlertView get(@PathParam("id") String id) {
        Alert a = alerts.require(Validation.pathId(id, "alert"));
        return AlertView.of(a, timeline(a.id, caller.isAdmin()));
    }

    /** The alert's timeline; for a RESPONDER every contact address in it is masked. */
    List<TimelineEntry> timeline(UUID alertId, boolean full) {
        return alerts.timeline(alertId).stream()
                .map(e -> new TimelineEntry(e.at, e.kind, e.actor, full ? e.message : AddressMask.redact(e.message))).toList();
    }

    @POST
    @Path("/{id}/acknowledge")
    public AlertView acknowledge(@PathParam("id") String id) {
        UUID alertId = Validation.pathId(id, "alert");
        alerts.acknowledge(alertId, caller.actor(), "API");
        return get(id);
    }

    @POST
    @Path("/{id}/resolve")
    public AlertView resolve(@PathParam("id") String id) {
        UUID alertId = Validation.pathId(id, "alert");
        alerts.resolve(alertId, caller.actor(), "API");
        return get(id);
    }

    @POST
    @Path("/{id}/escalate")
    public AlertView escalate(@PathParam("id") String id) {
        UUID alertId = Validation.pathId(id, "alert");
        switch (alerts.escalate(alertId, caller.actor(), "API")) {
            case RESOLVED -> throw KlaxonException.conflict("a resolved alert cannot be escalated");
            case NO_FURTHER_STEP -> throw KlaxonException.conflict(
                    "the escalation policy has no further step; the alert stays with its current responders");
            case ESCALATED -> {
            }
        }
        return get(id);
    }

    @POST
    @Path("/{id}/notes")
    @APIResponse(responseCode = "201", description = "The note was added; the alert with its timeline", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AlertView.class)))
    public Response note(@PathParam("id") String id, NoteBody body) {
        UUID alertId = Validation.pathId(id, "alert");
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        String text = v.text("text", body.text(), 4000);
        v.check();
        alerts.addNote(alertId, caller.actor(), text);
        return Response.status(201).entity(get(id)).build();
    }
}
