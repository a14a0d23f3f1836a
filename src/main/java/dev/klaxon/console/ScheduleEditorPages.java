package dev.klaxon.console;

import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import dev.klaxon.schedule.OnCallCalculator;
import dev.klaxon.schedule.Schedule;
import dev.klaxon.schedule.ScheduleService;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Admins create and edit schedules — layers, rotations, members in order, restriction windows — and add
 * overrides, seeing the final shifts before saving. Preview and save go through {@link ScheduleService}: a preview
 * is the service's calculator run on the unsaved document, a save is the API's own create or replace, so the
 * checks and messages are the API's and they appear next to the fields they name. Nothing is stored until Save.
 */
@Path("/admin/schedules")
@Produces(MediaType.TEXT_HTML)
public class ScheduleEditorPages {

    /** How far ahead a preview shows the final shifts, from the start of today in the viewer's zone. */
    static final int PREVIEW_DAYS = 14;

    @Inject
    Viewer viewer;

    @Inject
    ScheduleService schedules;

    @Inject
    UserService users;

    @Inject
    InstantSource clock;

    @GET
    @Path("new")
    public TemplateInstance blank() {
        viewer.requireAdmin();
        return editor(null, ScheduleForm.blank(viewer.getZone(), today()), Map.of(), null, Map.of(), Map.of());
    }

    /** {@code op}: {@code preview} (also the default, what Enter does), {@code save} or {@code add-layer}. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> form) {
        viewer.requireCsrf(form.getFirst("csrf"));
        viewer.requireAdmin();
        return submit(null, ScheduleForm.read(form), form.getFirst("op"));
    }

    @GET
    @Path("{id}")
    public TemplateInstance edit(@PathParam("id") String id) {
        viewer.requireAdmin();
        Schedule s = schedules.require(Validation.pathId(id, "schedule"));
        return editor(s, ScheduleForm.of(s), Map.of(), null, Map.of(), Map.of());
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        viewer.requireCsrf(form.getFirst("csrf"));
        viewer.requireAdmin();
        Schedule s = schedules.require(Validation.pathId(id, "schedule"));
        return submit(s, ScheduleForm.read(form), form.getFirst("op"));
    }

    /**
     * An override for anyone: {@code userId}, {@code start} and {@code end} as local date-times of the viewer's zone;
     * {@code op} {@code preview} (default) shows the final shifts with it, {@code save} adds it.
     */
    @POST
    @Path("{id}/overrides")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response override(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        viewer.requireCsrf(form.getFirst("csrf"));
        viewer.requireAdmin();
        Schedule s = schedules.require(Validation.pathId(id, "schedule"));
        Map<String, String> typed = new LinkedHashMap<>();
        for (String key : List.of("userId", "start", "end")) {
            typed.put(key, form.getFirst(key) == null ? "" : form.getFirst(key).strip());
        }
        ZoneId zone = viewer.zone();
        try {
            Validation v = Validation.start();
            UUID user = v.id("userId", typed.get("userId"));
            LocalDateTime start = v.parse("start", typed.get("start"), LocalDateTime::parse, "a local date and time");
            LocalDateTime end = v.parse("end", typed.get("end"), LocalDateTime::parse, "a local date and time");
            v.check();
            Instant from = start.atZone(zone).toInstant();
            Instant until = end.atZone(zone).toInstant();
            if ("save".equals(form.getFirst("op"))) {
                schedules.addOverride(s.id, user, from, until);
                return Response.seeOther(URI.create("/schedules/" + s.id + "?done=override")).build();
            }
            Instant windowStart = start.toLocalDate().atStartOfDay(zone).toInstant();
            Instant windowEnd = start.toLocalDate().plusDays(PREVIEW_DAYS).atStartOfDay(zone).toInstant();
            OnCallCalculator.Timeline t = schedules.previewOverride(s.id, user, from, until, windowStart, windowEnd);
            return Response.ok(editor(s, ScheduleForm.of(s), Map.of(), preview(t, windowStart, windowEnd), typed, Map.of()))
                    .build();
        } catch (KlaxonException e) {
            return FormRefusals.refused(e, editor(s, ScheduleForm.of(s), Map.of(), null, typed, FormRefusals.byField(e)));
        }
    }

    @ServerExceptionMapper
    public Response refused(KlaxonException e) {
        return ErrorPages.of(e);
    }

    private Response submit(Schedule s, ScheduleForm.Input in, String op) {
        if ("add-layer".equals(op)) {
            return Response.ok(editor(s, ScheduleForm.withLayer(in, today()), Map.of(), null, Map.of(), Map.of())).build();
        }
        ScheduleService.ScheduleDoc doc = ScheduleForm.doc(in,
                s == null || s.handoffReminderSeconds == null ? null : Duration.ofSeconds(s.handoffReminderSeconds).toString(),
                s == null ? null : s.gapAlerts);
        try {
            if ("save".equals(op)) {
                Schedule saved = s == null ? schedules.create(doc) : schedules.replace(s.id, doc);
                return Response.seeOther(URI.create("/schedules/" + saved.id + "?done=saved")).build();
            }
            ZoneId zone = viewer.zone();
            Instant from = today().atStartOfDay(zone).toInstant();
            Instant to = today().plusDays(PREVIEW_DAYS).atStartOfDay(zone).toInstant();
            OnCallCalculator.Timeline t = schedules.previewSchedule(s == null ? null : s.id, doc, from, to);
            return Response.ok(editor(s, in, Map.of(), preview(t, from, to), Map.of(), Map.of())).build();
        } catch (KlaxonException e) {
            return FormRefusals.refused(e, editor(s, in, FormRefusals.byField(e), null, Map.of(), Map.of()));
        }
    }

    private TemplateInstance editor(Schedule s, ScheduleForm.Input in, Map<String, String> errors, Views.Preview preview,
                                    Map<String, String> typedOverride, Map<String, String> overrideErrors) {
        Map<String, String> names = new LinkedHashMap<>();
        for (User u : users.list()) {
            names.put(u.id.toString(), u.name);
        }
        Views.OverrideForm override = null;
        if (s != null) {
            ZoneId zone = viewer.zone();
            Instant recent = clock.instant().minus(Duration.ofDays(7));
            List<Views.OverrideRow> current = schedules.overrides(s.id).stream().filter(o -> o.endAt.isAfter(recent))
                    .map(o -> new Views.OverrideRow(o.id.toString(), names.getOrDefault(o.userId.toString(), "?"),
                            TimeText.at(o.startAt, zone), TimeText.at(o.endAt, zone), true)).toList();
            override = new ScheduleEditorView(overrideErrors).override("/admin/schedules/" + s.id + "/overrides", zone,
                    typedOverride, names, current);
        }
        String action = s == null ? "/admin/schedules" : "/admin/schedules/" + s.id;
        String title = s == null ? "New schedule" : "Edit " + s.name;
        return Templates.scheduleEdit(new ScheduleEditorView(errors).page(s == null ? null : s.id.toString(), action, title,
                in, names, preview, override));
    }

    private Views.Preview preview(OnCallCalculator.Timeline t, Instant from, Instant to) {
        Map<String, String> names = new LinkedHashMap<>();
        users.list().forEach(u -> names.put(u.id.toString(), u.name));
        return ScheduleEditorView.preview(t, from, to, viewer.zone(), " (yours)", names);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), viewer.zone());
    }
}
