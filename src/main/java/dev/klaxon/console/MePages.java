package dev.klaxon.console;

import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.ContactMethodResource;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.auth.ApiTokenService;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Validation;
import dev.klaxon.schedule.CalendarFeeds;
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
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Me: my contact methods (add, confirm with the texted code, send a test), notification rules, calendar feed URL
 * and API tokens. Contact methods and rules go through the API's own resource, so its validation, its phone
 * confirmation rule and its messages apply unchanged; refused input comes back next to the form.
 */
@Path("/me")
@Produces(MediaType.TEXT_HTML)
public class MePages {

    @Inject
    Viewer viewer;

    @Inject
    UserService users;

    @Inject
    ContactMethodResource contactApi;

    @Inject
    CalendarFeeds feeds;

    @Inject
    ApiTokenService tokens;

    @GET
    public TemplateInstance show(@QueryParam("done") String done) {
        return page(notice(done), null, null, null);
    }

    @POST
    @Path("contact-methods")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object addContact(@FormParam("type") String type, @FormParam("address") String address,
                             @FormParam("label") String label, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        return FormRefusals.attempt(() -> contactApi.addContactMethod(me().toString(), new ContactMethodResource.ContactMethodBody(type, address, label)),
                () -> done("added"), this::failed);
    }

    @POST
    @Path("contact-methods/{cm}/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object confirm(@PathParam("cm") String cm, @FormParam("code") String code, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        return FormRefusals.attempt(() -> contactApi.confirm(me().toString(), cm, new ContactMethodResource.ConfirmBody(code)),
                () -> done("confirmed"), this::failed);
    }

    @POST
    @Path("contact-methods/{cm}/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object test(@PathParam("cm") String cm, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        return FormRefusals.attempt(() -> contactApi.test(me().toString(), cm),
                () -> done("tested"), this::failed);
    }

    @POST
    @Path("contact-methods/{cm}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object deleteContact(@PathParam("cm") String cm, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        contactApi.deleteContactMethod(me().toString(), cm);
        return done("deleted");
    }

    @POST
    @Path("rules")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object addRule(@FormParam("contactMethodId") String cm, @FormParam("delayMinutes") String delayMinutes,
                          @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        return FormRefusals.attempt(() -> {
            Validation v = Validation.start();
            Integer minutes = v.parse("delayMinutes", delayMinutes == null || delayMinutes.isBlank() ? "0" : delayMinutes,
                    Integer::valueOf, "a whole number of minutes");
            v.check();
            contactApi.addRule(me().toString(), new ContactMethodResource.RuleBody(cm, Duration.ofMinutes(minutes).toString(), null));
        }, () -> done("rule"), this::failed);
    }

    @POST
    @Path("rules/{rule}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object deleteRule(@PathParam("rule") String rule, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        contactApi.deleteRule(me().toString(), rule);
        return done("deleted");
    }

    /** A new secret calendar URL, shown once; the old one stops working. */
    @POST
    @Path("calendar-feed")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance rotateFeed(@FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        String url = feeds.rotate(me()).url();
        return page("A new calendar URL; the old one no longer works. It is shown only now.", null, url, null);
    }

    /** A personal token with the user's own current role, shown once. */
    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object createToken(@FormParam("name") String name, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        Validation v = Validation.start();
        String n = v.text("name", name, 200);
        return FormRefusals.attempt(v::check, () -> Response.ok(page("Token created. Copy it now: it is shown only once.",
                null, null, tokens.create(n, viewer.session().role(), me()).token())).build(), this::failed);
    }

    @POST
    @Path("tokens/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object deleteToken(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        UUID tokenId = Validation.pathId(id, "api token");
        if (tokens.list().stream().noneMatch(t -> t.id.equals(tokenId) && me().equals(t.userId))) {
            throw KlaxonException.notFound("api token");
        }
        tokens.delete(tokenId);
        return done("deleted");
    }

    @ServerExceptionMapper
    public Response refused(KlaxonException e) {
        return ErrorPages.of(e);
    }

    /** The viewer's user id; the bootstrap admin has no Me page (404), and no link to it in the menu. */
    private UUID me() {
        return viewer.requireUserId("Me page");
    }

    private TemplateInstance page(String notice, String error, String calendarUrl, String newToken) {
        UUID id = me();
        User u = users.require(id);
        List<ContactMethod> methods = users.contactMethods(id);
        Map<UUID, String> methodNames = methods.stream()
                .collect(Collectors.toMap(m -> m.id, m -> m.type + " " + (m.label == null ? m.address : m.label)));
        ZoneId zone = viewer.zone();
        Views.MePage page = new Views.MePage(u.name, u.email, u.timeZone, viewer.session().role().name(),
                methods.stream().map(m -> new Views.ContactRow(m.id.toString(), m.type.name(), m.address, m.label,
                        m.confirmed, m.disabled)).toList(),
                users.rules(id).stream().map(r -> new Views.RuleRow(r.id.toString(),
                        methodNames.getOrDefault(r.contactMethodId, "?"), TimeText.length(Duration.ofSeconds(r.delaySeconds)),
                        r.repeatSeconds == null ? null : TimeText.length(Duration.ofSeconds(r.repeatSeconds)))).toList(),
                methods.stream().map(m -> new Views.Option(m.id.toString(), methodNames.get(m.id), false)).toList(),
                calendarUrl,
                tokens.list().stream().filter(t -> id.equals(t.userId)).map(t -> new Views.TokenRow(t.id.toString(), t.name,
                        t.role.name(), TimeText.at(t.createdAt, zone), TimeText.at(t.lastUsedAt, zone))).toList(),
                newToken);
        return Templates.me(page, notice, error);
    }

    private TemplateInstance failed(KlaxonException e) {
        return page(null, FormRefusals.words(e), null, null);
    }

    private static Response done(String what) {
        return Response.seeOther(URI.create("/me?done=" + what)).build();
    }

    private static String notice(String done) {
        if (done == null) return null;
        return switch (done) {
            case "added" -> "Contact method added. A phone number you added gets a text with a code: type it in below.";
            case "confirmed" -> "Confirmed: Klaxon pages this contact method now.";
            case "tested" -> "Test message sent.";
            case "rule" -> "Notification rule added.";
            case "deleted" -> "Deleted.";
            default -> null;
        };
    }
}
