package dev.klaxon.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/schedules")
public class ScheduleResource {

    /** {@code handoffReminder}: remind each incoming on-call user this long before their shift (absent: never). */
    public record ScheduleBody(String name, String timeZone, List<Schedule.LayerDoc> layers, String handoffReminder,
                               Boolean gapAlerts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduleView(String id, String name, String timeZone, List<Schedule.LayerDoc> layers,
                               String handoffReminder, boolean gapAlerts) {
        static ScheduleView of(Schedule s) {
            return new ScheduleView(s.id.toString(), s.name, s.timeZone, s.layers,
                    s.handoffReminderSeconds == null ? null : Duration.ofSeconds(s.handoffReminderSeconds).toString(),
                    s.gapAlertsOn());
        }
    }

    public record UserRef(String id, String name) {
    }

    public record OnCallView(Instant at, List<UserRef> users) {
    }

    public record OverrideBody(String userId, String start, String end) {
    }

    public record OverrideView(String id, String scheduleId, String userId, Instant start, Instant end) {
        static OverrideView of(StoredOverride o) {
            return new OverrideView(o.id.toString(), o.scheduleId.toString(), o.userId.toString(), o.startAt, o.endAt);
        }
    }

    @Inject
    ScheduleService schedules;

    @Inject
    UserService users;

    @Inject
    Caller caller;

    @Inject
    InstantSource clock;

    @Inject
    ScheduleCalendar calendar;

    @POST
    @APIResponse(responseCode = "201", description = "The schedule; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ScheduleView.class)))
    public Response create(ScheduleBody body) {
        caller.requireAdmin();
        Schedule s = schedules.create(doc(body));
        return Response.created(URI.create("/api/v1/schedules/" + s.id)).entity(ScheduleView.of(s)).build();
    }

    @GET
    public List<ScheduleView> list() {
        return schedules.list().stream().map(ScheduleView::of).toList();
    }

    @GET
    @Path("/{id}")
    public ScheduleView get(@PathParam("id") String id) {
        return ScheduleView.of(schedules.require(Validation.pathId(id, "schedule")));
    }

    @PUT
    @Path("/{id}")
    public ScheduleView replace(@PathParam("id") String id, ScheduleBody body) {
        caller.requireAdmin();
        UUID scheduleId = Validation.pathId(id, "schedule");
        return ScheduleView.of(schedules.replace(scheduleId, doc(body)));
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        caller.requireAdmin();
        schedules.delete(Validation.pathId(id, "schedule"));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/on-call")
    public OnCallView onCall(@PathParam("id") String id, @Parameter(description = "the instant to ask about (default: now)", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("at") String at) {
        UUID scheduleId = Validation.pathId(id, "schedule");
        schedules.require(scheduleId);
        Validation v = Validation.start();
        Instant when = at == null ? clock.instant() : v.instant("at", at);
        v.check();
        List<UUID> ids = schedules.onCall(scheduleId, when);
        Map<UUID, User> byId = users.byIds(ids);
        return new OnCallView(when, ids.stream()
                .map(u -> new UserRef(u.toString(), byId.containsKey(u) ? byId.get(u).name : null)).toList());
    }

    public record ShiftView(String userId, Instant start, Instant end) {
    }

    public record GapView(Instant start, Instant end) {
    }

    @GET
    @Path("/{id}/shifts")
    public List<ShiftView> shifts(@PathParam("id") String id, @Parameter(required = true, description = "start of the window, an instant with offset", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("from") String from,
                            @Parameter(required = true, description = "end of the window, an instant with offset, after from", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("to") String to) {
        Instant[] w = window(from, to);
        return schedules.shifts(Validation.pathId(id, "schedule"), w[0], w[1]).stream()
                .map(s -> new ShiftView(s.userId(), s.start(), s.end())).toList();
    }

    @GET
    @Path("/{id}/gaps")
    public List<GapView> gaps(@PathParam("id") String id, @Parameter(required = true, description = "start of the window, an instant with offset", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("from") String from,
                            @Parameter(required = true, description = "end of the window, an instant with offset, after from", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("to") String to) {
        Instant[] w = window(from, to);
        return schedules.gaps(Validation.pathId(id, "schedule"), w[0], w[1]).stream()
                .map(g -> new GapView(g.start(), g.end())).toList();
    }

    /** The schedule's final shifts from 30 days ago to 90 days ahead as iCalendar (RFC 5545), times in UTC. */
    @GET
    @Path("/{id}/calendar.ics")
    @Produces(PublicCalendarResource.TEXT_CALENDAR)
    @APIResponse(responseCode = "200", description = "iCalendar (RFC 5545)", content = @Content(mediaType = "text/calendar", schema = @Schema(type = SchemaType.STRING)))
    public Response calendar(@PathParam("id") String id) {
        String ics = calendar.forSchedule(Validation.pathId(id, "schedule"));
        return Response.ok(ics, PublicCalendarResource.TEXT_CALENDAR)
                .header("Content-Disposition", "inline; filename=\"schedule.ics\"").build();
    }

    /** ADMIN: any user. RESPONDER: only an override that puts themselves on call ("take this shift"). */
    @POST
    @Path("/{id}/overrides")
    @APIResponse(responseCode = "201", description = "The override; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = OverrideView.class)))
    public Response addOverride(@PathParam("id") String id, OverrideBody body) {
        UUID scheduleId = Validation.pathId(id, "schedule");
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        UUID userId = v.id("userId", body.userId());
        Instant start = v.instant("start", body.start());
        Instant end = v.instant("end", body.end());
        if (start != null && end != null && !end.isAfter(start)) v.add("end", "must be after start");
        v.check();
        if (!caller.isAdmin() && !userId.equals(caller.userId())) {
            throw KlaxonException.forbidden("responders may only put themselves on call");
        }
        StoredOverride o = schedules.addOverride(scheduleId, userId, start, end);
        return Response.created(URI.create("/api/v1/schedules/" + scheduleId + "/overrides/" + o.id))
                .entity(OverrideView.of(o)).build();
    }

    @GET
    @Path("/{id}/overrides")
    public List<OverrideView> overrides(@PathParam("id") String id) {
        return schedules.overrides(Validation.pathId(id, "schedule")).stream().map(OverrideView::of).toList();
    }

    /** ADMIN: any override. RESPONDER: only one that puts themselves on call. */
    @DELETE
    @Path("/{id}/overrides/{overrideId}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response deleteOverride(@PathParam("id") String id, @PathParam("overrideId") String overrideId) {
        UUID scheduleId = Validation.pathId(id, "schedule");
        UUID oid = Validation.pathId(overrideId, "override");
        if (!caller.isAdmin() && !schedules.override(scheduleId, oid).userId.equals(caller.userId())) {
            throw KlaxonException.forbidden("responders may only remove their own overrides");
        }
        schedules.deleteOverride(scheduleId, oid);
        return Response.noContent().build();
    }

    private static ScheduleService.ScheduleDoc doc(ScheduleBody body) {
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        return new ScheduleService.ScheduleDoc(body.name(), body.timeZone(), body.layers(), body.handoffReminder(),
                body.gapAlerts());
    }

    private static Instant[] window(String from, String to) {
        Validation v = Validation.start();
        Instant f = v.instant("from", from);
        Instant t = v.instant("to", to);
        v.check();
        return new Instant[]{f, t};
    }
}
