package dev.klaxon.ack;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.messaging.Body;
import com.twilio.twiml.messaging.Message;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;
import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.ContactType;
import dev.klaxon.directory.PhoneNumbers;
import dev.klaxon.directory.UserService;
import dev.klaxon.engine.PageText;
import dev.klaxon.notify.Outbox;
import dev.klaxon.notify.twilio.TwilioSignature;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.KlaxonException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Twilio's webhooks: inbound SMS replies and the TwiML of a page call. Every request must carry a valid
 * {@code X-Twilio-Signature} for the exact public URL Twilio called, or it is refused with 403 and changes nothing.
 */
@Path("/twilio")
public class TwilioInboundResource {

    private static final Logger LOG = Logger.getLogger(TwilioInboundResource.class);
    private static final String TWIML = "application/xml";

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
    Outbox outbox;

    @POST
    @Path("/sms")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(TWIML)
    public Response sms(MultivaluedMap<String, String> form, @HeaderParam("X-Twilio-Signature") String signature) {
        Map<String, String> params = verify("/twilio/sms", form, signature);
        String from = PhoneNumbers.e164(params.get("From")).orElse(params.getOrDefault("From", ""));
        String reply = answer(from, SmsReply.parse(params.get("Body")));
        return twiml(new MessagingResponse.Builder()
                .message(new Message.Builder().body(new Body.Builder(reply).build()).build()).build().toXml());
    }

    private String answer(String from, SmsReply reply) {
        List<ContactMethod> phones = users.byAddress(ContactType.SMS, from);
        if (phones.isEmpty()) {
            phones = users.byAddress(ContactType.VOICE, from);
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
        if (!(reply instanceof SmsReply.Act act)) {
            return "Reply with the alert number and a (acknowledge), c (resolve) or e (escalate), e.g. 12a.";
        }
        Optional<UUID> alertId = act.alertNumber().isPresent()
                ? alerts.byNumber(act.alertNumber().getAsLong()).map(a -> a.id)
                : outbox.lastAlertSentTo(from);
        if (alertId.isEmpty()) {
            return act.alertNumber().isPresent() ? "There is no alert #" + act.alertNumber().getAsLong() + "."
                    : "No alert was sent to this number recently; reply with its number, e.g. 12a.";
        }
        return actions.apply(alertId.get(), act.verb(), actor, "SMS reply").message();
    }

    /** The call's script: the alert, said twice, then one key. */
    @POST
    @Path("/voice/{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(TWIML)
    public Response voice(@PathParam("token") String token, MultivaluedMap<String, String> form,
                          @HeaderParam("X-Twilio-Signature") String signature) {
        Map<String, String> params = verify("/twilio/voice/" + token, form, signature);
        Optional<AckToken> t = links.verify(token);
        if (t.isEmpty()) {
            return twiml(say("This Klaxon alert link has expired. Goodbye."));
        }
        Alert a = alerts.require(t.get().alertId());
        String answeredBy = params.getOrDefault("AnsweredBy", "");
        String text = PageText.spoken(a.number, a.severity.json(), a.summary);
        if (answeredBy.startsWith("machine") || answeredBy.equals("fax")) {
            // a voicemail is not an answer: leave word, but the page does not count as delivered
            alerts.log(a, "voicemail", null, "Call reached voicemail of " + users.name(t.get().userId()));
            return twiml(new VoiceResponse.Builder().say(new Say.Builder(text + " Please check Klaxon.").build())
                    .hangup(new Hangup.Builder().build()).build().toXml());
        }
        String prompt = "Press 4 to acknowledge, 6 to resolve, 5 to escalate, or star to repeat.";
        Gather gather = new Gather.Builder().numDigits(1).timeout(8).method(HttpMethod.POST)
                .action(links.voiceUrl(token) + "/gather")
                .say(new Say.Builder(text + " " + prompt + " " + text + " " + prompt).build()).build();
        return twiml(new VoiceResponse.Builder().gather(gather)
                .say(new Say.Builder("No key was pressed. Klaxon will keep trying. Goodbye.").build())
                .build().toXml());
    }

    @POST
    @Path("/voice/{token}/gather")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(TWIML)
    public Response gather(@PathParam("token") String token, MultivaluedMap<String, String> form,
                           @HeaderParam("X-Twilio-Signature") String signature) {
        Map<String, String> params = verify("/twilio/voice/" + token + "/gather", form, signature);
        Optional<AckToken> t = links.verify(token);
        if (t.isEmpty()) {
            return twiml(say("This Klaxon alert link has expired. Goodbye."));
        }
        String digits = params.getOrDefault("Digits", "");
        SmsReply.Verb verb = switch (digits) {
            case "4" -> SmsReply.Verb.ACKNOWLEDGE;
            case "6" -> SmsReply.Verb.RESOLVE;
            case "5" -> SmsReply.Verb.ESCALATE;
            default -> null;
        };
        if (verb == null) {
            // '*' or anything else: say it all again
            return twiml(new VoiceResponse.Builder()
                    .redirect(new Redirect.Builder(links.voiceUrl(token)).method(HttpMethod.POST).build()).build().toXml());
        }
        AlertActions.Result r = actions.apply(t.get().alertId(), verb, users.name(t.get().userId()), "phone call");
        return twiml(say(r.message().replaceFirst("#", "number ") + ". Goodbye."));
    }

    private Map<String, String> verify(String path, MultivaluedMap<String, String> form, String signature) {
        Map<String, String> params = new HashMap<>();
        if (form != null) {
            form.forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        }
        String url = links.base() + path;
        Optional<String> authToken = config.twilio().authToken().filter(s -> !s.isBlank());
        if (authToken.isEmpty() || !TwilioSignature.isValid(authToken.get(), url, params, signature)) {
            LOG.warnf("refused a Twilio request to %s with a missing or wrong signature", path.startsWith("/twilio/voice") ? "/twilio/voice" : path);
            throw KlaxonException.forbidden("the X-Twilio-Signature does not match this request");
        }
        return params;
    }

    private static String say(String text) {
        return new VoiceResponse.Builder().say(new Say.Builder(text).build()).hangup(new Hangup.Builder().build())
                .build().toXml();
    }

    private static Response twiml(String xml) {
        return Response.ok(xml, TWIML).build();
    }
}
