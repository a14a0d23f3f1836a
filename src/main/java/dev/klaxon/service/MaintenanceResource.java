package dev.klaxon.service;

import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/services/{id}/maintenance")
public class MaintenanceResource {

    public record WindowBody(String start, String end, String reason) {
    }

    public record WindowView(String id, String serviceId, Instant start, Instant end, String reason, String createdBy,
                             Instant createdAt) {
        static WindowView of(MaintenanceWindow w) {
            return new WindowView(w.id.toString(), w.serviceId.toString(), w.startAt, w.endAt, w.reason, w.createdBy,
                    w.createdAt);
        }
    }

    @Inject
    MaintenanceService maintenance;

    @Inject
    Caller caller;

    @Inject
    InstantSource clock;

    @POST
    @APIResponse(responseCode = "201", description = "The window; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = WindowView.class)))
    public Response create(@PathParam("id") String id, WindowBody body) {
        caller.requireAdmin();
        UUID serviceId = Validation.pathId(id, "service");
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        Instant start = v.instant("start", body.start());
        Instant end = v.instant("end", body.end());
        String reason = v.optionalText("reason", body.reason(), 500);
        if (start != null && end != null && !end.isAfter(start)) v.add("end", "must be after start");
        if (end != null && !end.isAfter(clock.instant())) v.add("end", "must be in the future");
        v.check();
        MaintenanceWindow w = maintenance.create(serviceId, start, end, reason == null || reason.isEmpty() ? null : reason,
                caller.actor());
        return Response.created(URI.create("/api/v1/services/" + serviceId + "/maintenance/" + w.id))
                .entity(WindowView.of(w)).build();
    }

    @GET
    public List<WindowView> list(@PathParam("id") String id) {
        return maintenance.list(Validation.pathId(id, "service")).stream().map(WindowView::of).toList();
    }

    @DELETE
    @Path("/{windowId}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id, @PathParam("windowId") String windowId) {
        caller.requireAdmin();
        maintenance.delete(Validation.pathId(id, "service"), Validation.pathId(windowId, "maintenance window"));
        return Response.noContent().build();
    }

}
