package dev.klaxon.console;

import dev.klaxon.platform.ProblemMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.ack.WhatHappensNext;
import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertLifecycle;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
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
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The alert list (filtered by status and service, refreshing itself every few seconds through htmx) and an
 * alert's page: timeline, pages and their delivery state, and one-tap acknowledge, resolve, escalate, snooze, note.
 */
@Path("/alerts")
@Produces(MediaType.TEXT_HTML)
public class AlertPages {

    static final Set<String> SNOOZES = Set.of("PT30M", "PT1H", "PT4H", "PT12H");

    @Inject
    Viewer viewer;

    @Inject
    AlertService alerts;

    @Inject
    AlertLifecycle lifecycle;

    @Inject
    ServiceCatalog services;

    @Inject
    UserService users;

    @Inject
    OutboxQueries outbox;

    @Inject
    InstantSource clock;

    @Inject
    ObjectMapper json;

    @GET
    public TemplateInstance list(@QueryParam("status") String status, @QueryParam("service") String service) {
        Views.AlertFilter f = filter(status, service);
        List<Views.Option> serviceOptions = new ArrayList<>();
        for (Service s : services.list()) {
            serviceOptions.add(new Views.Option(s.id.toString(), s.name, s.id.toString().equals(f.serviceId())));
        }
        return Templates.alerts(f, rows(f), serviceOptions);
    }

    /** The rows alone, for the list's poll. */
    @GET
    @Path("rows")
    public TemplateInstance rows(@QueryParam("status") String status, @QueryParam("service") String service) {
        Views.AlertFilter f = filter(status, service);
        return Templates.alerts$rows(f, rows(f));
    }

    @GET
    @Path("{id}")
    public TemplateInstance show(@PathParam("id") String id, @QueryParam("done") String done) {
        Alert a = alerts.require(Validation.pathId(id, "alert"));
        ZoneId zone = viewer.zone();
        Instant now = clock.instant();
        Map<UUID, String> names = serviceNames();
        List<Views.Fact> facts = new ArrayList<>();
        facts.add(new Views.Fact("Service", names.getOrDefault(a.serviceId, "?")));
        facts.add(new Views.Fact("Severity", a.severity.json()));
        facts.add(new Views.Fact("Status", a.status.json() + (a.acknowledgedBy != null && a.status != AlertStatus.TRIGGERED
                ? " by " + a.acknowledgedBy : "")));
        facts.add(new Views.Fact("Started", TimeText.at(a.createdAt, zone) + " (" + TimeText.relative(a.createdAt, now) + ")"));
        if (a.source != null) facts.add(new Views.Fact("Source", a.source));
        if (a.dedupKey != null) facts.add(new Views.Fact("Dedup key", a.dedupKey));
        if (a.snoozedUntil != null && a.status == AlertStatus.ACKNOWLEDGED) {
            facts.add(new Views.Fact("Snoozed until", TimeText.at(a.snoozedUntil, zone)));
        }
        facts.add(new Views.Fact("Next", WhatHappensNext.of(a, now, zone)));
        List<Views.TimelineRow> timeline = alerts.timeline(a.id).stream()
                .map(e -> new Views.TimelineRow(TimeText.at(e.at, zone), e.actor, TimeText.instantsIn(e.message, zone))).toList();
        List<OutboxEntry> pages = outbox.forAlert(a.id);
        Map<UUID, User> people = users.byIds(pages.stream().map(p -> p.userId).filter(java.util.Objects::nonNull).toList());
        List<Views.NotificationRow> notifications = pages.stream().map(p -> new Views.NotificationRow(
                TimeText.at(p.createdAt, zone), p.userId != null && people.containsKey(p.userId) ? people.get(p.userId).name : "",
                p.channel, p.bundleId != null ? "BUNDLED" : p.status.name(), delivery(p, zone))).toList();
        Views.AlertPage page = new Views.AlertPage(AlertRows.of(a, names, zone, now), a.status != AlertStatus.RESOLVED,
                a.status == AlertStatus.TRIGGERED, facts, SafeLinks.of(a.links), timeline, notifications, details(a));
        return Templates.alert(page, notice(done, a, now, zone));
    }

    @POST
    @Path("{id}/{action:acknowledge|resolve|escalate}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("id") String id, @PathParam("action") String action, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        UUID alertId = Validation.pathId(id, "alert");
        String actor = viewer.getName();
        boolean changed = switch (action) {
            case "acknowledge" -> alerts.acknowledge(alertId, actor, "console");
            case "resolve" -> alerts.resolve(alertId, actor, "console");
            default -> alerts.escalate(alertId, actor, "console") == dev.klaxon.alert.AlertService.Escalation.ESCALATED;
        };
        return back(alertId, changed ? action : "unchanged");
    }

    @POST
    @Path("{id}/snooze")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response snooze(@PathParam("id") String id, @FormParam("duration") String duration, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        UUID alertId = Validation.pathId(id, "alert");
        if (duration == null || !SNOOZES.contains(duration)) {
            throw KlaxonException.invalid("duration", "must be one of " + SNOOZES);
        }
        lifecycle.snooze(alertId, Duration.parse(duration), viewer.getName(), "console");
        return back(alertId, "snoozed");
    }

    @POST
    @Path("{id}/note")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response note(@PathParam("id") String id, @FormParam("text") String text, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        UUID alertId = Validation.pathId(id, "alert");
        Validation v = Validation.start();
        String t = v.text("text", text, 4000);
        v.check();
        alerts.addNote(alertId, viewer.getName(), t);
        return back(alertId, "noted");
    }

    @ServerExceptionMapper
    public Response refused(KlaxonException e) {
        return ErrorPages.of(e);
    }

    private static Response back(UUID alertId, String done) {
        return Response.seeOther(URI.create("/alerts/" + alertId + "?done=" + done)).build();
    }

    private static String notice(String done, Alert a, Instant now, ZoneId zone) {
        if (done == null) {
            return null;
        }
        String what = switch (done) {
            case "acknowledge" -> "Acknowledged.";
            case "resolve" -> "Resolved.";
            case "escalate" -> "Escalated.";
            case "snoozed" -> "Snoozed.";
            case "noted" -> "Note added.";
            case "unchanged" -> "Nothing changed: the alert is already " + a.status.json() + ".";
            default -> null;
        };
        return what == null ? null : what + " " + WhatHappensNext.of(a, now, zone);
    }

    private Views.AlertFilter filter(String status, String service) {
        String s = status == null || status.isBlank() ? "open" : status;
        if (!Set.of("open", "triggered", "acknowledged", "resolved", "all").contains(s)) {
            throw KlaxonException.invalid("status", "must be open, triggered, acknowledged, resolved or all");
        }
        String svc = service == null || service.isBlank() ? null : Validation.pathId(service, "service").toString();
        StringBuilder q = new StringBuilder("status=").append(s);
        if (svc != null) q.append("&service=").append(svc);
        return new Views.AlertFilter(s, svc, q.toString());
    }

    private List<Views.AlertRow> rows(Views.AlertFilter f) {
        UUID svc = f.serviceId() == null ? null : UUID.fromString(f.serviceId());
        List<Alert> found = new ArrayList<>();
        switch (f.status()) {
            case "open" -> {
                found.addAll(alerts.list(AlertStatus.TRIGGERED, svc, 200, null));
                found.addAll(alerts.list(AlertStatus.ACKNOWLEDGED, svc, 200, null));
                found.sort((x, y) -> Long.compare(y.number, x.number));
            }
            case "all" -> found.addAll(alerts.list(null, svc, 200, null));
            default -> found.addAll(alerts.list(AlertStatus.parse(f.status()), svc, 200, null));
        }
        Map<UUID, String> names = serviceNames();
        Instant now = clock.instant();
        return found.stream().map(a -> AlertRows.of(a, names, viewer.zone(), now)).toList();
    }

    private Map<UUID, String> serviceNames() {
        return services.list().stream().collect(Collectors.toMap(s -> s.id, s -> s.name));
    }

    private static String delivery(OutboxEntry p, ZoneId zone) {
        if (p.deliveredAt != null) return "delivered " + TimeText.at(p.deliveredAt, zone);
        if (p.error != null) return TimeText.instantsIn(p.error, zone);
        if (p.sentAt != null) return "sent " + TimeText.at(p.sentAt, zone);
        return "due " + TimeText.at(p.notBefore, zone);
    }

    private String details(Alert a) {
        if (a.details == null || a.details.isEmpty()) {
            return null;
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(a.details);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
