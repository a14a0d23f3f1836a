package dev.klaxon.ack;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.directory.UserService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.directory.User;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import dev.klaxon.notify.render.AckLinks;
import dev.klaxon.notify.render.AckToken;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The link every page carries. GET shows the alert and buttons and changes nothing (link scanners and
 * previews open links); POST with {@code action=acknowledge|resolve|escalate} acts. The page shows what a woken
 * engineer needs before tapping: service, severity, when it started in their own zone and how long ago, source,
 * the monitor's links (only http(s) ones tappable), who else was paged and how, the details; after an action, what
 * Klaxon does next.
 */
@Path("/ack/{token}")
public class AckResource {

    @Inject
    AckLinks links;

    @Inject
    AlertService alerts;

    @Inject
    AlertActions actions;

    @Inject
    UserService users;

    @Inject
    ServiceCatalog services;

    @Inject
    OutboxQueries outbox;

    @Inject
    ObjectMapper json;

    @Inject
    InstantSource clock;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The alert page; changes nothing", content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "Unknown or expired link", content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    public Response show(@PathParam("token") String token) {
        Optional<AckToken> t = links.verify(token);
        if (t.isEmpty()) {
            return expired();
        }
        Alert a = alerts.require(t.get().alertId());
        return page(200, a, null, token, t.get().userId());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The alert page after the action", content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Unknown action", content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "Unknown or expired link", content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    public Response act(@PathParam("token") String token, @FormParam("action") String action) {
        Optional<AckToken> t = links.verify(token);
        if (t.isEmpty()) {
            return expired();
        }
        SmsReply.Verb verb;
        try {
            verb = SmsReply.Verb.valueOf(String.valueOf(action).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Response.status(400).type(MediaType.TEXT_HTML)
                    .entity(Html.page("Unknown action", "<p>Choose acknowledge, resolve or escalate.</p>")).build();
        }
        AlertActions.Result r = actions.apply(t.get().alertId(), verb, users.name(t.get().userId()), "ack link");
        return page(200, r.alert(), r.message(), token, t.get().userId());
    }

    private Response page(int status, Alert a, String message, String token, UUID userId) {
        ZoneId zone = zoneOf(userId);
        Instant now = clock.instant();
        StringBuilder b = new StringBuilder();
        if (message != null) {
            b.append("<p class=\"notice\" role=\"status\">").append(Html.escape(message)).append(" ")
                    .append(Html.escape(WhatHappensNext.of(a, now, zone))).append("</p>");
        }
        b.append("<h1>#").append(a.number).append(" ").append(Html.escape(a.summary)).append("</h1>");
        b.append("<p><span class=\"sev sev-").append(a.severity.json()).append("\">").append(a.severity.json())
                .append("</span> <span class=\"st st-").append(a.status.json()).append("\">").append(a.status.json());
        if (a.acknowledgedBy != null && a.status != AlertStatus.TRIGGERED) {
            b.append(" by ").append(Html.escape(a.acknowledgedBy));
        }
        b.append("</span></p>");
        if (a.status != AlertStatus.RESOLVED) {
            // no action attribute: the form posts back to the URL the page was opened at, whatever host or path
            // prefix a proxy puts in front (the CSP's form-action 'self' allows exactly that)
            b.append("<form method=\"post\" class=\"actions\">");
            if (a.status == AlertStatus.TRIGGERED) {
                b.append("<button name=\"action\" value=\"acknowledge\" class=\"primary\">Acknowledge</button>");
            }
            b.append("<button name=\"action\" value=\"resolve\">Resolve</button>");
            b.append("<button name=\"action\" value=\"escalate\">Escalate</button>");
            b.append("</form>");
        }
        Service svc = services.find(a.serviceId);
        b.append(AlertFacts.facts(a, svc == null ? null : svc.name, zone, now, message == null ? WhatHappensNext.of(a, now, zone) : null));
        b.append(AlertFacts.links(a.links, "h2"));
        String paged = paged(a.id);
        if (!paged.isEmpty()) {
            b.append("<h2>Paged</h2><ul class=\"segments\">").append(paged).append("</ul>");
        }
        if (a.details != null && !a.details.isEmpty()) {
            try {
                b.append("<h2>Details</h2><pre class=\"snippet\" tabindex=\"0\">")
                        .append(Html.escape(json.writerWithDefaultPrettyPrinter().writeValueAsString(a.details))).append("</pre>");
            } catch (JsonProcessingException e) {
                // details that do not serialise are left out; the alert's page in the console shows them
            }
        }
        return Response.status(status).type(MediaType.TEXT_HTML)
                .entity(Html.page("Klaxon #" + a.number, b.toString())).build();
    }

    /** Who has been paged for this alert and how: one line per person, each channel with its delivery state. */
    private String paged(UUID alertId) {
        Map<UUID, List<OutboxEntry>> byUser = new LinkedHashMap<>();
        for (OutboxEntry e : outbox.forAlert(alertId)) {
            if (e.userId != null) byUser.computeIfAbsent(e.userId, k -> new ArrayList<>()).add(e);
        }
        StringBuilder b = new StringBuilder();
        Map<UUID, User> people = users.byIds(byUser.keySet());
        byUser.forEach((user, pages) -> {
            b.append("<li>").append(Html.escape(people.containsKey(user) ? people.get(user).name : "?")).append(": ");
            b.append(pages.stream().map(p -> p.channel + " " + (p.bundleId != null ? "bundled" : p.status.name().toLowerCase(Locale.ROOT)))
                    .distinct().map(Html::escape).collect(Collectors.joining(", ")));
            b.append("</li>");
        });
        return b.toString();
    }

    private ZoneId zoneOf(UUID userId) {
        try {
            return ZoneId.of(users.require(userId).timeZone);
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private static Response expired() {
        return Response.status(404).type(MediaType.TEXT_HTML)
                .entity(Html.page("Link expired", "<h1>This link is not valid any more</h1>"
                        + "<p>Ack links expire. Reply to the SMS or use the Klaxon API instead.</p>")).build();
    }
}
