package dev.klaxon.ack;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.messaging.Body;
import com.twilio.twiml.messaging.Message;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Pause;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;
import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.ContactType;
import dev.klaxon.directory.PhoneNumbers;
import dev.klaxon.directory.UserService;
import dev.klaxon.notify.DeliveryState;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.render.AckLinks;
import dev.klaxon.notify.render.AckToken;
import dev.klaxon.notify.render.PageText;
import dev.klaxon.notify.twilio.TwilioWebhook;
import dev.klaxon.platform.KlaxonConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Twilio's webhooks: inbound SMS replies and the TwiML of a page call. Every request must carry a valid
 * {@code X-Twilio-Signature} for the exact public URL Twilio called, or it is refused with 403 and changes nothing.
 * Page calls carry their outbox row ({@code ?row=}): a voicemail marks it not delivered, a key press delivered.
 */
@Path("/twilio")
public class TwilioInboundResource {

    private static final String TWIML = "application/xml";
    private static final String PROMPT = "Press 4 to acknowledge, 6 to resolve, 5 to escalate, or star to repeat.";
    private static final String BUNDLE_PROMPT = "Press 4 to acknowledge all of them, or star to repeat.";

    @Inject
    KlaxonConfig config;

    @Inject
    AckLinks links;

    @Inject
    AlertService alerts;

    @Inject
    AlertActions actions;

    @Inject
    UserService users;

    @Inject
    DeliveryState deliveryState;

    @Inject
    OutboxQueries outboxQueries;

    @Inject
    TwilioWebhook webhook;

    @Inject
    InstantSource clock;

    @Inject
    PhonePages phonePages;

    @POST
    @Path("/sms")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(TWIML)
    @APIResponse(responseCode = "200", description = "TwiML", content = @Content(mediaType = "application/xml", schema = @Schema(type = SchemaType.STRING)))
    public Response sms(MultivaluedMap<String, String> form, @HeaderParam("X-Twilio-Signature") String signature,
                        @Context UriInfo uri) {
        Map<String, String> params = webhook.verify("/twilio/sms", uri, form, signature);
        String from = PhoneNumbers.e164(params.get("From")).orElse(params.getOrDefault("From", ""));
        String reply = answer(from, SmsReply.parse(params.get("Body")));
        return twiml(new MessagingResponse.Builder()
                .message(new Message.Builder().body(new Body.Builder(reply).build()).build()).build().toXml());
    }

    /**
     * Every reply gets a confirmation of what it did (or why it did nothing). Only a confirmed number acts, and only
     * on alerts that were paged to it.
     */
    private String answer(String from, SmsReply reply) {
        List<ContactMethod> phones = confirmed(users.byAddress(ContactType.SMS, from));
        if (phones.isEmpty()) {
            phones = confirmed(users.byAddress(ContactType.VOICE, from));
        }
        if (phones.isEmpty()) {
            return "Klaxon does not know this number.";
        }
        UUID userId = phones.get(0).userId;
        String actor = users.name(userId);
        if (reply instanceof SmsReply.Stop) {
            users.setSmsDisabled(from, true);
            return "Klaxon will not text this number any more. Reply START to resume.";
        }
        if (reply instanceof SmsReply.Start) {
            users.setSmsDisabled(from, false);
            return "Klaxon will text this number again.";
        }
        if (reply instanceof SmsReply.AcknowledgeAll) {
            List<UUID> paged = outboxQueries.alertsPagedTo(from, clock.instant().minus(config.bundle().ackAllLookback()));
            return actions.acknowledgeAll(paged, actor, "SMS reply aa").message();
        }
        if (!(reply instanceof SmsReply.Act act)) {
            return "Reply with the alert number and a (acknowledge), c (resolve) or e (escalate), e.g. 12a; aa acknowledges all.";
        }
        Optional<UUID> alertId = act.alertNumber().isPresent()
                ? alerts.byNumber(act.alertNumber().getAsLong()).map(a -> a.id).filter(id -> phonePages.wasPaged(id, from))
                : outboxQueries.lastAlertSentTo(from);
        if (alertId.isEmpty()) {
            // the same words whether the alert does not exist or went elsewhere: a reply reveals nothing
            return act.alertNumber().isPresent() ? "#" + act.alertNumber().getAsLong() + " was not sent to this phone."
                    : "No alert was sent to this number recently; reply with its number, e.g. 12a.";
        }
        return actions.apply(alertId.get(), act.verb(), actor, "SMS reply").message();
    }

    /** The call's script: the alert, said twice, then one key. A voicemail gets a short message and counts as not answered. */
    @POST
    @Path("/voice/{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(TWIML)
    @APIResponse(responseCode = "200", description = "TwiML", content = @Content(mediaType = "application/xml", schema = @Schema(type = SchemaType.STRING)))
    public Response voice(@PathParam("token") String token, @QueryParam("row") String row,
                          MultivaluedMap<String, String> form, @HeaderParam("X-Twilio-Signature") String signature,
                          @Context UriInfo uri) {
        Map<String, String> params = webhook.verify("/twilio/voice/" + token, uri, form, signature);
        Optional<AckToken> t = links.verify(token);
        if (t.isEmpty()) {
            return expired();
        }
        Alert a = alerts.require(t.get().alertId());
        String text = PageText.spoken(a.number, a.severity.json(), a.summary);
        if (TwilioWebhook.reachedVoicemail(params)) {
            deliveryState.markNotDelivered(TwilioWebhook.row(row), params.get("CallSid"),
                    "it reached the voicemail of " + users.name(t.get().userId()) + " (" + params.get("AnsweredBy") + ")");
            return twiml(new VoiceResponse.Builder().say(new Say.Builder(text + " Please check Klaxon.").build())
                    .hangup(new Hangup.Builder().build()).build().toXml());
        }
        return twiml(script(text, PROMPT, links.voiceUrl(token) + "/gather" + query(row)));
    }

    @POST
    @Path("/voice/{token}/gather")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(TWIML)
    @APIResponse(responseCode = "200", description = "TwiML", content = @Content(mediaType = "application/xml", schema = @Schema(type = SchemaType.STRING)))
    public Response gather(@PathParam("token") String token, @QueryParam("row") String row,
                           MultivaluedMap<String, String> form, @HeaderParam("X-Twilio-Signature") String signature,
                           @Context UriInfo uri) {
        Map<String, String> params = webhook.verify("/twilio/voice/" + token + "/gather", uri, form, signature);
        Optional<AckToken> t = links.verify(token);
        if (t.isEmpty()) {
            return expired();
        }
        String digits = params.getOrDefault("Digits", "");
        if (!digits.isEmpty()) {
            // any key means a human is on the line: the page reached them
            deliveryState.markDelivered(TwilioWebhook.row(row), params.get("CallSid"), "answered; key " + digits + " pressed");
        }
        SmsReply.Verb verb = switch (digits) {
            case "4" -> SmsReply.Verb.ACKNOWLEDGE;
            case "6" -> SmsReply.Verb.RESOLVE;
            case "5" -> SmsReply.Verb.ESCALATE;
            default -> null;
        };
        if (verb == null) {
            // '*' or anything else: say it all again
            return twiml(new VoiceResponse.Builder().redirect(new Redirect.Builder(links.voiceUrl(token) + query(row))
                    .method(HttpMethod.POST).build()).build().toXml());
        }
        AlertActions.Result r = actions.apply(t.get().alertId(), verb, users.name(t.get().userId()), "phone call");
        return twiml(say(r.message().replaceFirst("#", "number ") + ". Goodbye."));
    }

    /** A bundled page call: how many alerts, on which services; key 4 acknowledges them all. */
    @POST
    @Path("/voice/bundle/{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(TWIML)
    @APIResponse(responseCode = "200", description = "TwiML", content = @Content(mediaType = "application/xml", schema = @Schema(type = SchemaType.STRING)))
    public Response voiceBundle(@PathParam("token") String token, @QueryParam("row") String row,
                                MultivaluedMap<String, String> form,
                                @HeaderParam("X-Twilio-Signature") String signature, @Context UriInfo uri) {
        Map<String, String> params = webhook.verify("/twilio/voice/bundle/" + token, uri, form, signature);
        Optional<AckToken> t = links.verifyBundle(token);
        Optional<OutboxEntry> bundle = t.flatMap(x -> outboxQueries.find(x.alertId()));
        if (bundle.isEmpty()) {
            return expired();
        }
        if (TwilioWebhook.reachedVoicemail(params)) {
            deliveryState.markNotDelivered(bundle.get().id, params.get("CallSid"),
                    "it reached the voicemail of " + users.name(t.get().userId()) + " (" + params.get("AnsweredBy") + ")");
            return twiml(new VoiceResponse.Builder().say(new Say.Builder(bundle.get().body + " Please check Klaxon.").build())
                    .hangup(new Hangup.Builder().build()).build().toXml());
        }
        return twiml(script(bundle.get().body, BUNDLE_PROMPT, links.voiceBundleUrl(token) + "/gather" + query(row)));
    }

    @POST
    @Path("/voice/bundle/{token}/gather")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(TWIML)
    @APIResponse(responseCode = "200", description = "TwiML", content = @Content(mediaType = "application/xml", schema = @Schema(type = SchemaType.STRING)))
    public Response gatherBundle(@PathParam("token") String token, @QueryParam("row") String row,
                                 MultivaluedMap<String, String> form,
                                 @HeaderParam("X-Twilio-Signature") String signature, @Context UriInfo uri) {
        Map<String, String> params = webhook.verify("/twilio/voice/bundle/" + token + "/gather", uri, form, signature);
        Optional<AckToken> t = links.verifyBundle(token);
        if (t.isEmpty()) {
            return expired();
        }
        String digits = params.getOrDefault("Digits", "");
        if (!digits.isEmpty()) {
            deliveryState.markDelivered(t.get().alertId(), params.get("CallSid"), "answered; key " + digits + " pressed");
        }
        if (!"4".equals(digits)) {
            return twiml(new VoiceResponse.Builder().redirect(new Redirect.Builder(links.voiceBundleUrl(token) + query(row))
                    .method(HttpMethod.POST).build()).build().toXml());
        }
        List<UUID> members = outboxQueries.bundleMembers(t.get().alertId()).stream().map(m -> m.alertId).distinct().toList();
        AlertActions.BulkResult r = actions.acknowledgeAll(members, users.name(t.get().userId()), "phone call");
        return twiml(say(r.message().replace("#", "number ") + " Goodbye."));
    }

    private static List<ContactMethod> confirmed(List<ContactMethod> methods) {
        return methods.stream().filter(m -> m.confirmed).toList();
    }

    /** Said twice, slowly enough to follow when just woken, then one key. */
    private static String script(String text, String prompt, String gatherUrl) {
        Gather gather = new Gather.Builder().numDigits(1).timeout(8).method(HttpMethod.POST).action(gatherUrl)
                .say(new Say.Builder(text + " " + prompt).build())
                .pause(new Pause.Builder().length(1).build())
                .say(new Say.Builder(text + " " + prompt).build()).build();
        return new VoiceResponse.Builder().gather(gather)
                .say(new Say.Builder("No key was pressed. Klaxon will keep trying. Goodbye.").build())
                .build().toXml();
    }

    /** What a call hears when its link's token is not valid (any more): nothing else is said about it. */
    private static Response expired() {
        return twiml(say("This Klaxon alert link has expired. Goodbye."));
    }

    private static String query(String row) {
        return TwilioWebhook.row(row) == null ? "" : "?row=" + TwilioWebhook.row(row);
    }

    private static String say(String text) {
        return new VoiceResponse.Builder().say(new Say.Builder(text).build()).hangup(new Hangup.Builder().build())
                .build().toXml();
    }

    private static Response twiml(String xml) {
        return Response.ok(xml, TWIML).build();
    }
}
