package dev.klaxon.console;

import dev.klaxon.platform.ProblemMapper;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import dev.klaxon.schedule.StoredOverride;
import dev.klaxon.schedule.Schedule;
import dev.klaxon.schedule.ScheduleService;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Schedules: who is on call in each, and a week or month of final shifts per layer and merged, overrides marked,
 * gaps in red, in the viewer's zone or the schedule's. Anyone signed in may take a shift or cover a gap (an
 * override putting themselves on call) and give back their own; admins edit schedules and add overrides for anybody
 * in {@link ScheduleEditorPages}.
 */
@Path("/schedules")
@Produces(MediaType.TEXT_HTML)
public class SchedulePages {

    /** Longest override a responder takes with one tap. */
    static final Duration MAX_TAKE = Duration.ofDays(31);
    private static final DateTimeFormatter RANGE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    @Inject
    Viewer viewer;

    @Inject
    ScheduleService schedules;

    @Inject
    UserService users;

    @Inject
    InstantSource clock;

    @GET
    public TemplateInstance list() {
        Instant now = clock.instant();
        Map<String, String> names = names();
        List<Views.ScheduleCard> cards = schedules.list().stream().map(s -> new Views.ScheduleCard(s.id.toString(), s.name,
                s.timeZone, schedules.onCall(s.id, now).stream().map(u -> names.getOrDefault(u.toString(), "?"))
                .collect(Collectors.joining(", ")))).toList();
        return Templates.schedules(cards);
    }

    @GET
    @Path("{id}")
    public TemplateInstance show(@PathParam("id") String id, @QueryParam("view") String view,
                                 @QueryParam("start") String start, @QueryParam("tz") String tz,
                                 @QueryParam("done") String done) {
        Schedule s = schedules.require(Validation.pathId(id, "schedule"));
        boolean month = "month".equals(view);
        boolean inScheduleZone = "schedule".equals(tz);
        ZoneId zone = inScheduleZone ? ZoneId.of(s.timeZone) : viewer.zone();
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate anchor = parseDate(start, today);
        // a week starts today (what matters at 3 a.m. is tonight and the next days); a month is the calendar month
        LocalDate first = month ? anchor.withDayOfMonth(1) : anchor;
        LocalDate end = month ? first.plusMonths(1) : first.plusWeeks(1);
        int days = (int) (end.toEpochDay() - first.toEpochDay());
        Instant from = first.atStartOfDay(zone).toInstant();
        Instant to = end.atStartOfDay(zone).toInstant();

        Map<String, String> names = names();
        String me = viewer.userId() == null ? null : viewer.userId().toString();
        List<StoredOverride> overrides = schedules.overrides(s.id);
        List<DayBars.Cover> covers = overrides.stream()
                .map(o -> new DayBars.Cover(o.id.toString(), o.userId.toString(), o.startAt, o.endAt)).toList();
        boolean canTake = me != null;
        var merged = DayBars.merged(schedules.shifts(s.id, from, to), schedules.gaps(s.id, from, to), covers);
        Views.Track mergedTrack = new Views.Track("Final (who is paged)",
                DayBars.days(first, days, zone, merged, names, me, now, canTake));
        List<Views.Track> layers = new ArrayList<>();
        for (int i = 0; i < s.layers.size(); i++) {
            String name = s.layers.get(i).name() == null ? "Layer " + (i + 1) : s.layers.get(i).name();
            layers.add(new Views.Track(name, DayBars.days(first, days, zone,
                    DayBars.plain(schedules.layerShifts(s.id, i, from, to)), names, me, now, false)));
        }
        List<Views.OverrideRow> overrideRows = overrides.stream().filter(o -> o.endAt.isAfter(now.minus(Duration.ofDays(7))))
                .map(o -> new Views.OverrideRow(o.id.toString(), names.getOrDefault(o.userId.toString(), "?"),
                        TimeText.at(o.startAt, zone), TimeText.at(o.endAt, zone),
                        viewer.isAdmin() || o.userId.toString().equals(me))).toList();

        String base = "/schedules/" + s.id;
        String v = month ? "month" : "week";
        String z = inScheduleZone ? "&tz=schedule" : "";
        LocalDate prev = month ? first.minusMonths(1) : first.minusWeeks(1);
        String range = RANGE.format(first) + " – " + RANGE.format(end.minusDays(1));
        Views.SchedulePage page = new Views.SchedulePage(s.id.toString(), s.name, s.timeZone, zone.getId(), inScheduleZone, v,
                base + "?view=" + v + "&start=" + first + (inScheduleZone ? "" : "&tz=schedule"),
                base + "?view=week&start=" + first + z, base + "?view=month&start=" + first + z,
                base + "?view=" + v + "&start=" + prev + z, base + "?view=" + v + "&start=" + end + z,
                range, mergedTrack, layers, overrideRows, viewer.isAdmin(), canTake);
        return Templates.schedule(page, notice(done));
    }

    /** "Take this shift" / "cover this gap": an override putting the viewer on call for [start, end). */
    @POST
    @Path("{id}/take")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response take(@PathParam("id") String id, @FormParam("start") String start, @FormParam("end") String end,
                         @FormParam("back") String back, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        UUID scheduleId = Validation.pathId(id, "schedule");
        if (viewer.userId() == null) {
            throw KlaxonException.forbidden("the bootstrap token belongs to no user; sign in with your own token to take shifts");
        }
        Validation v = Validation.start();
        Instant s = v.parse("start", start, Instant::parse, "an ISO-8601 instant");
        Instant e = v.parse("end", end, Instant::parse, "an ISO-8601 instant");
        v.check();
        Instant now = clock.instant();
        if (s.isBefore(now)) s = now;
        if (!e.isAfter(s)) throw KlaxonException.invalid("end", "this shift is over");
        if (Duration.between(s, e).compareTo(MAX_TAKE) > 0) e = s.plus(MAX_TAKE);
        schedules.addOverride(scheduleId, viewer.userId(), s, e);
        return backTo(scheduleId, back, "taken");
    }

    @POST
    @Path("{id}/overrides/{overrideId}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteOverride(@PathParam("id") String id, @PathParam("overrideId") String overrideId,
                                   @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        UUID scheduleId = Validation.pathId(id, "schedule");
        UUID oid = Validation.pathId(overrideId, "override");
        StoredOverride o = schedules.override(scheduleId, oid);
        if (!viewer.isAdmin() && !o.userId.equals(viewer.userId())) {
            throw KlaxonException.forbidden("responders may only remove their own overrides");
        }
        schedules.deleteOverride(scheduleId, oid);
        return backTo(scheduleId, null, "removed");
    }

    @ServerExceptionMapper
    public Response refused(KlaxonException e) {
        return ErrorPages.of(e);
    }

    private static Response backTo(UUID scheduleId, String back, String done) {
        // only a query string of this page, never an arbitrary URL (no open redirect)
        String query = back != null && back.matches("[A-Za-z0-9=&:_\\-]{0,200}") ? back + "&" : "";
        return Response.seeOther(URI.create("/schedules/" + scheduleId + "?" + query + "done=" + done)).build();
    }

    private static String notice(String done) {
        if (done == null) return null;
        return switch (done) {
            case "taken" -> "You are on call for that stretch now (an override in your name).";
            case "override" -> "Override added.";
            case "saved" -> "Schedule saved.";
            case "removed" -> "Override removed.";
            default -> null;
        };
    }

    private Map<String, String> names() {
        return users.list().stream().collect(Collectors.toMap(u -> u.id.toString(), (User u) -> u.name));
    }

    private static LocalDate parseDate(String s, LocalDate fallback) {
        if (s == null || s.isBlank()) return fallback;
        try {
            return LocalDate.parse(s);
        } catch (DateTimeException e) {
            throw KlaxonException.invalid("start", "must be a date such as 2026-11-23");
        }
    }
}
