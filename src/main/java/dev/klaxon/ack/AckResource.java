package dev.klaxon.ack;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.directory.UserService;
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

import java.util.Locale;
import java.util.Optional;

/**
 * The link every page carries. GET shows the alert and buttons and changes nothing (link scanners and
 * previews open links); POST with {@code action=acknowledge|resolve|escalate} acts.
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

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@PathParam("token") String token) {
        Optional<AckToken> t = links.verify(token);
        if (t.isEmpty()) {
            return expired();
        }
        Alert a = alerts.require(t.get().alertId());
        return page(200, a, null, token);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
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
        return page(200, r.alert(), r.message(), token);
    }

    private Response page(int status, Alert a, String message, String token) {
        StringBuilder b = new StringBuilder();
        if (message != null) {
            b.append("<p class=\"done\">").append(Html.escape(message)).append("</p>");
        }
        b.append("<h1>#").append(a.number).append(" ").append(Html.escape(a.summary)).append("</h1>");
        b.append("<p class=\"meta\">").append(a.severity.json().toUpperCase(Locale.ROOT)).append(" · ")
                .append(a.status.json());
        if (a.acknowledgedBy != null) {
            b.append(" by ").append(Html.escape(a.acknowledgedBy));
        }
        b.append("</p>");
        if (a.status != AlertStatus.RESOLVED) {
            b.append("<form method=\"post\" action=\"").append(Html.escape(links.ackUrl(token))).append("\">");
            if (a.status == AlertStatus.TRIGGERED) {
                b.append("<button name=\"action\" value=\"acknowledge\" class=\"primary\">Acknowledge</button>");
            }
            b.append("<button name=\"action\" value=\"resolve\">Resolve</button>");
            b.append("<button name=\"action\" value=\"escalate\">Escalate</button>");
            b.append("</form>");
        }
        return Response.status(status).type(MediaType.TEXT_HTML)
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .entity(Html.page("Klaxon #" + a.number, b.toString())).build();
    }

    private static Response expired() {
        return Response.status(404).type(MediaType.TEXT_HTML)
                .entity(Html.page("Link expired", "<h1>This link is not valid any more</h1>"
                        + "<p>Ack links expire. Reply to the SMS or use the Klaxon API instead.</p>")).build();
    }
}
