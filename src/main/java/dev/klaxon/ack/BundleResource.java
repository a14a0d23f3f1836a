package dev.klaxon.ack;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.directory.UserService;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.render.AckLinks;
import dev.klaxon.notify.render.AckToken;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The link a bundled page carries: the list of its alerts. GET shows them and changes nothing; POST with
 * {@code action=acknowledge} acknowledges every one still triggered.
 */
@Path("/ack/bundle/{token}")
public class BundleResource {

    @Inject
    AckLinks links;

    @Inject
    AlertService alerts;

    @Inject
    AlertActions actions;

    @Inject
    UserService users;

    @Inject
    OutboxQueries outboxQueries;

    @Inject
    ServiceCatalog services;

    @Inject
    InstantSource clock;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The bundle page", content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "Unknown or expired link", content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    public Response show(@PathParam("token") String token) {
        Optional<AckToken> t = links.verifyBundle(token);
        if (t.isEmpty()) {
            return expired();
        }
        return page(members(t.get().alertId()), null, token, t.get().userId());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @APIResponse(responseCode = "200", description = "The bundle page after the action", content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Unknown action", content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "Unknown or expired link", content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    public Response act(@PathParam("token") String token, @FormParam("action") String action) {
        Optional<AckToken> t = links.verifyBundle(token);
        if (t.isEmpty()) {
            return expired();
        }
        if (!"acknowledge".equalsIgnoreCase(String.valueOf(action).strip())) {
            return Response.status(400).type(MediaType.TEXT_HTML)
                    .entity(Html.page("Unknown action", "<p>This page can only acknowledge all.</p>")).build();
        }
        List<UUID> ids = members(t.get().alertId()).stream().map(a -> a.id).toList();
        AlertActions.BulkResult r = actions.acknowledgeAll(ids, users.name(t.get().userId()), "bundle link");
        return page(members(t.get().alertId()), r.message(), token, t.get().userId());
    }

    private List<Alert> members(UUID bundleId) {
        List<UUID> ids = outboxQueries.bundleMembers(bundleId).stream().map(m -> m.alertId).distinct().toList();
        return alerts.byIds(ids).values().stream().sorted(Comparator.comparing((Alert a) -> a.number)).toList();
    }

    private Response page(List<Alert> list, String message, String token, UUID userId) {
        ZoneId zone = zoneOf(userId);
        Instant now = clock.instant();
        StringBuilder b = new StringBuilder();
        if (message != null) {
            b.append("<p class=\"done\">").append(Html.escape(message)).append("</p>");
        }
        long open = list.stream().filter(a -> a.status == AlertStatus.TRIGGERED).count();
        b.append("<h1>").append(list.size()).append(" alerts</h1>");
        if (open > 0) {
            b.append("<form method=\"post\" action=\"").append(Html.escape(links.bundleUrl(token))).append("\">")
                    .append("<button name=\"action\" value=\"acknowledge\" class=\"primary\">Acknowledge all ")
                    .append(open).append(" open</button></form>");
        }
        // each alert with what the single-alert page shows before tapping, and its own page for one-alert actions
        b.append("<ul class=\"bundle\">");
        for (Alert a : list) {
            Service svc = services.find(a.serviceId);
            b.append("<li class=\"card\"><h2>#").append(a.number).append(" ").append(Html.escape(a.summary)).append("</h2>")
                    .append("<p><span class=\"sev sev-").append(a.severity.json()).append("\">").append(a.severity.json())
                    .append("</span> <span class=\"st st-").append(a.status.json()).append("\">").append(a.status.json())
                    .append("</span></p>")
                    .append(AlertFacts.facts(a, svc == null ? null : svc.name, zone, now, null))
                    .append(AlertFacts.links(a.links, "h3"))
                    .append("<p><a href=\"").append(Html.escape(links.ackUrl(links.token(a.id, userId))))
                    .append("\">Open #").append(a.number).append(" on its own</a></p></li>");
        }
        b.append("</ul>");
        return Response.ok().type(MediaType.TEXT_HTML)
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .entity(Html.page("Klaxon: " + list.size() + " alerts", b.toString())).build();
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
                        + "<p>Ack links expire. Reply aa to the SMS or use the Klaxon API instead.</p>")).build();
    }
}
