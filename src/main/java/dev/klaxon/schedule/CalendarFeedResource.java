package dev.klaxon.schedule;

import dev.klaxon.platform.Caller;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Creates, rotates and revokes a user's secret calendar URL (the user themself or an admin). */
@Path("/api/v1/users/{userId}/calendar-feed")
public class CalendarFeedResource {

    @Inject
    CalendarFeeds feeds;

    @Inject
    Caller caller;

    @POST
    @APIResponse(responseCode = "201", description = "A new secret feed URL; the previous one stops working; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = CalendarFeeds.Created.class)))
    public Response rotate(@PathParam("userId") String userId) {
        UUID id = Validation.pathId(userId, "user");
        caller.requireSelfOrAdmin(id);
        CalendarFeeds.Created created = feeds.rotate(id);
        return Response.created(URI.create("/api/v1/users/" + id + "/calendar-feed")).entity(created).build();
    }

    @DELETE
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response revoke(@PathParam("userId") String userId) {
        UUID id = Validation.pathId(userId, "user");
        caller.requireSelfOrAdmin(id);
        feeds.revoke(id);
        return Response.noContent().build();
    }
}
