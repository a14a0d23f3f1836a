package dev.klaxon.schedule;

import dev.klaxon.platform.KlaxonException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

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
    public Response feed(@PathParam("secret") String secret) {
        UUID userId = feeds.userFor(secret).orElseThrow(() -> KlaxonException.notFound("calendar"));
        return Response.ok(calendar.forUser(userId), TEXT_CALENDAR)
                .header("Cache-Control", "private, no-cache")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
