package dev.klaxon.directory;

import dev.klaxon.platform.AddressMask;
import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.OutboundGuard;
import dev.klaxon.platform.Validation;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/users/{userId}")
public class ContactMethodResource {

    private static final Pattern NTFY_TOPIC = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Pattern PUSHOVER_KEY = Pattern.compile("^[A-Za-z0-9]{30}$");

    public record ContactMethodBody(String type, String address, String label) {
    }

    public record ContactMethodView(String id, String userId, ContactType type, String address, String label,
                                    boolean confirmed, boolean disabled, Instant createdAt) {
        static ContactMethodView of(ContactMethod m) {
            return new ContactMethodView(m.id.toString(), m.userId.toString(), m.type, m.address, m.label,
                    m.confirmed, m.disabled, m.createdAt);
        }

        /** What a RESPONDER sees of another user's method: its type, the address masked, no label. */
        static ContactMethodView masked(ContactMethod m) {
            return new ContactMethodView(m.id.toString(), m.userId.toString(), m.type, AddressMask.mask(m.address), null,
                    m.confirmed, m.disabled, m.createdAt);
        }
    }

    /** {@code repeat} (optional, PT1M to P1D): page again at that interval until acknowledged or the step moves on. */
    public record RuleBody(String contactMethodId, String delay, String repeat) {
    }

    /** Lengths as ISO-8601 ("PT5M"), like every length in the API. */
    public record RuleView(String id, String contactMethodId, String delay, String repeat) {
        static RuleView of(NotificationRule r) {
            return new RuleView(r.id.toString(), r.contactMethodId.toString(), Duration.ofSeconds(r.delaySeconds).toString(),
                    r.repeatSeconds == null ? null : Duration.ofSeconds(r.repeatSeconds).toString());
        }
    }

    public record TestSent(String notificationId) {
    }

    public record ConfirmBody(String code) {
    }

    @Inject
    UserService users;

    @Inject
    ContactMessages messages;

    @Inject
    Caller caller;

    @Inject
    PhoneConfirmation confirmation;

    @Inject
    OutboundGuard guard;


    @POST
    @Path("/contact-methods")
    @APIResponse(responseCode = "201", description = "The contact method; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ContactMethodView.class)))
    public Response addContactMethod(@PathParam("userId") String userIdText, ContactMethodBody body) {
        UUID userId = Validation.pathId(userIdText, "user");
        caller.requireSelfOrAdmin(userId);
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        ContactType type = v.enumValue("type", body.type(), ContactType.class);
        String address = type == null ? null : v.parse("address", body.address(), a -> normalize(type, a), expected(type));
        String label = v.optionalText("label", body.label(), 200);
        if (address != null && (type == ContactType.WEBHOOK || type == ContactType.NTFY && address.contains("://"))) {
            // an address a user supplies: refused now if it names an internal host, and checked again at connect time
            guard.refusal(URI.create(address)).ifPresent(why -> v.add("address", why));
        }
        v.check();
        // a responder's own phone number is paged only once they typed back the code sent to it
        boolean needsCode = PhoneConfirmation.needsCode(type, caller.isAdmin());
        if (needsCode) {
            confirmation.checkAllowance(userId, address); // before anything is written: a 429 leaves no method behind
        }
        ContactMethod m = users.addContactMethod(userId, type, address, label, !needsCode);
        if (needsCode) {
            confirmation.sendCode(userId, m.id);
        }
        return Response.created(URI.create("/api/v1/users/" + userId + "/contact-methods/" + m.id))
                .entity(ContactMethodView.of(m)).build();
    }

    @GET
    @Path("/contact-methods")
    public List<ContactMethodView> contactMethods(@PathParam("userId") String userIdText) {
        UUID userId = Validation.pathId(userIdText, "user");
        boolean full = caller.isAdmin() || userId.equals(caller.userId());
        return users.contactMethods(userId).stream().map(full ? ContactMethodView::of : ContactMethodView::masked).toList();
    }

    @DELETE
    @Path("/contact-methods/{cmId}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response deleteContactMethod(@PathParam("userId") String userIdText, @PathParam("cmId") String cmId) {
        UUID userId = Validation.pathId(userIdText, "user");
        caller.requireSelfOrAdmin(userId);
        users.deleteContactMethod(userId, Validation.pathId(cmId, "contact method"));
        return Response.noContent().build();
    }

    @POST
    @Path("/contact-methods/{cmId}/test")
    @APIResponse(responseCode = "202", description = "A test message is on its way", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TestSent.class)))
    public Response test(@PathParam("userId") String userIdText, @PathParam("cmId") String cmId) {
        UUID userId = Validation.pathId(userIdText, "user");
        caller.requireSelfOrAdmin(userId);
        ContactMethod m = users.contactMethod(userId, Validation.pathId(cmId, "contact method"));
        if (!m.confirmed) {
            throw KlaxonException.conflict("confirm this contact method with its code before sending it anything else");
        }
        UUID id = messages.sendTest(m);
        return Response.accepted(new TestSent(id.toString())).build();
    }

    /** Confirms a phone number with the code texted to it. */
    @POST
    @Path("/contact-methods/{cmId}/confirm")
    public ContactMethodView confirm(@PathParam("userId") String userIdText, @PathParam("cmId") String cmId,
                                     ConfirmBody body) {
        UUID userId = Validation.pathId(userIdText, "user");
        caller.requireSelfOrAdmin(userId);
        if (body == null || body.code() == null || body.code().isBlank()) {
            throw KlaxonException.invalid("code", "is required");
        }
        return ContactMethodView.of(confirmation.confirm(userId, Validation.pathId(cmId, "contact method"), body.code()));
    }

    /** Texts a new confirmation code (the last one expired or was mistyped too often). */
    @POST
    @Path("/contact-methods/{cmId}/confirmation-code")
    @APIResponse(responseCode = "202", description = "A new code is on its way")
    public Response sendCode(@PathParam("userId") String userIdText, @PathParam("cmId") String cmId) {
        UUID userId = Validation.pathId(userIdText, "user");
        caller.requireSelfOrAdmin(userId);
        confirmation.sendCode(userId, Validation.pathId(cmId, "contact method"));
        return Response.accepted().build();
    }

    @POST
    @Path("/notification-rules")
    @APIResponse(responseCode = "201", description = "The rule; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RuleView.class)))
    public Response addRule(@PathParam("userId") String userIdText, RuleBody body) {
        UUID userId = Validation.pathId(userIdText, "user");
        caller.requireSelfOrAdmin(userId);
        if (body == null) throw KlaxonException.badRequest("a JSON body is required");
        Validation v = Validation.start();
        UUID cm = v.id("contactMethodId", body.contactMethodId());
        Duration delay = body.delay() == null ? Duration.ZERO
                : v.duration("delay", body.delay(), Duration.ZERO, Duration.ofDays(1));
        Duration repeat = v.optionalDuration("repeat", body.repeat(), Duration.ofMinutes(1), Duration.ofDays(1));
        v.check();
        NotificationRule r = users.addRule(userId, cm, delay, repeat);
        return Response.created(URI.create("/api/v1/users/" + userId + "/notification-rules/" + r.id))
                .entity(RuleView.of(r)).build();
    }

    @GET
    @Path("/notification-rules")
    public List<RuleView> rules(@PathParam("userId") String userId) {
        return users.rules(Validation.pathId(userId, "user")).stream().map(RuleView::of).toList();
    }

    @DELETE
    @Path("/notification-rules/{ruleId}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response deleteRule(@PathParam("userId") String userIdText, @PathParam("ruleId") String ruleId) {
        UUID userId = Validation.pathId(userIdText, "user");
        caller.requireSelfOrAdmin(userId);
        users.deleteRule(userId, Validation.pathId(ruleId, "notification rule"));
        return Response.noContent().build();
    }

    static String normalize(ContactType type, String address) {
        return switch (type) {
            case VOICE, SMS -> PhoneNumbers.e164(address).orElseThrow(IllegalArgumentException::new);
            case EMAIL -> UserResource.email(address);
            case NTFY -> {
                if (NTFY_TOPIC.matcher(address).matches()) yield address;
                String url = httpUrl(address);
                // a topic URL ends in the topic: https://ntfy.example.com/oncall-alice
                String path = URI.create(url).getPath().replaceAll("/+$", "");
                if (!NTFY_TOPIC.matcher(path.substring(path.lastIndexOf('/') + 1)).matches()) {
                    throw new IllegalArgumentException();
                }
                yield url;
            }
            case PUSHOVER -> {
                if (!PUSHOVER_KEY.matcher(address).matches()) throw new IllegalArgumentException();
                yield address;
            }
            case WEBHOOK -> httpUrl(address);
        };
    }

    static String expected(ContactType type) {
        return switch (type) {
            case VOICE, SMS -> "a valid phone number in E.164 form, such as +14155550123";
            case EMAIL -> "an email address";
            case NTFY -> "an ntfy topic name or topic URL";
            case PUSHOVER -> "a 30-character Pushover user key";
            case WEBHOOK -> "an http(s) URL";
        };
    }

    private static String httpUrl(String s) {
        URI u = URI.create(s);
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null || s.length() > 2000) {
            throw new IllegalArgumentException();
        }
        return s;
    }
}
