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
    public Response delete(@PathParam("id") String id) {
        caller.requireAdmin();
        schedules.delete(Validation.pathId(id, "schedule"));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/on-call")
    public OnCallView onCall(@PathParam("id") String id, @QueryParam("at") String at) {
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
    public List<ShiftView> shifts(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to) {
        Instant[] w = window(from, to);
        return schedules.shifts(Validation.pathId(id, "schedule"), w[0], w[1]).stream()
                .map(s -> new ShiftView(s.userId(), s.start(), s.end())).toList();
    }

    @GET
    @Path("/{id}/gaps")
    public List<GapView> gaps(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to) {
        Instant[] w = window(from, to);
        return schedules.gaps(Validation.pathId(id, "schedule"), w[0], w[1]).stream()
                .map(g -> new GapView(g.start(), g.end())).toList();
    }

    /** The schedule's final shifts from 30 days ago to 90 days ahead as iCalendar (RFC 5545), times in UTC. */
    @GET
    @Path("/{id}/calendar.ics")
    @Produces(PublicCalendarResource.TEXT_CALENDAR)
    public Response calendar(@PathParam("id") String id) {
        String ics = calendar.forSchedule(Validation.pathId(id, "schedule"));
        return Response.ok(ics, PublicCalendarResource.TEXT_CALENDAR)
                .header("Content-Disposition", "inline; filename=\"schedule.ics\"").build();
    }

    @POST
    @Path("/{id}/overrides")
    public Response addOverride(@PathParam("id") String id, OverrideBody body) {
        caller.requireAdmin();
        UUID scheduleId = Validation.pathId(id, "schedule");
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        UUID userId = v.id("userId", body.userId());
        Instant start = v.instant("start", body.start());
        Instant end = v.instant("end", body.end());
        if (start != null && end != null && !end.isAfter(start)) v.add("end", "must be after start");
        v.check();
        StoredOverride o = schedules.addOverride(scheduleId, userId, start, end);
        return Response.created(URI.create("/api/v1/schedules/" + scheduleId + "/overrides/" + o.id))
                .entity(OverrideView.of(o)).build();
    }

    @GET
    @Path("/{id}/overrides")
    public List<OverrideView> overrides(@PathParam("id") String id) {
        return schedules.overrides(Validation.pathId(id, "schedule")).stream().map(OverrideView::of).toList();
    }

    @DELETE
    @Path("/{id}/overrides/{overrideId}")
    public Response deleteOverride(@PathParam("id") String id, @PathParam("overrideId") String overrideId) {
        caller.requireAdmin();
        schedules.deleteOverride(Validation.pathId(id, "schedule"), Validation.pathId(overrideId, "override"));
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
