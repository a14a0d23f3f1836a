package dev.klaxon.schedule;

import dev.klaxon.platform.KlaxonException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A user's calendar feed for calendar apps, which cannot send a bearer token: the secret in the URL is the key. */
@Path("/calendar")
public class PublicCalendarResource {

    static final String TEXT_CALENDAR = "text/calendar; charset=utf-8";

    @Inject
    CalendarFeeds feeds;

    @Inject
    ScheduleCalendar calendar;

    @GET
    @Path("/{secret}.ics")
    @Produces(TEXT_CALENDAR)
    @APIResponse(responseCode = "200", description = "iCalendar (RFC 5545)", content = @Content(mediaType = "text/calendar", schema = @Schema(type = SchemaType.STRING)))
    public Response feed(@PathParam("secret") String secret) {
        UUID userId = feeds.userFor(secret).orElseThrow(() -> KlaxonException.notFound("calendar"));
        return Response.ok(calendar.forUser(userId), TEXT_CALENDAR)
                .header("Cache-Control", "private, no-cache")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
