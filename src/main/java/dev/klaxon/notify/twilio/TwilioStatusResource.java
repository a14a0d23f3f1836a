package dev.klaxon.notify.twilio;

import dev.klaxon.notify.DeliveryState;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Twilio's status callbacks for page calls and SMS. Each names its outbox row in the query ({@code ?row=}, set
 * when the message was created), so a callback that beats the sender's own record still finds its row. They may
 * arrive twice, late or out of order; the outbox keeps state moving forward only.
 */
@Path("/twilio/status")
public class TwilioStatusResource {

    @Inject
    TwilioWebhook webhook;

    @Inject
    DeliveryState deliveryState;

    @POST
    @Path("/call")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @APIResponse(responseCode = "204", description = "Recorded")
    public Response call(@QueryParam("row") String row, MultivaluedMap<String, String> form,
                         @HeaderParam("X-Twilio-Signature") String signature, @Context UriInfo uri) {
        Map<String, String> p = webhook.verify("/twilio/status/call", uri, form, signature);
        UUID rowId = TwilioWebhook.row(row);
        String sid = p.get("CallSid");
        if (TwilioWebhook.reachedVoicemail(p)) {
            deliveryState.markNotDelivered(rowId, sid, "it reached voicemail (" + p.get("AnsweredBy") + ")");
        }
        deliveryState.applyStatus(rowId, sid, p.get("CallStatus"), sequence(p.get("SequenceNumber")));
        return Response.noContent().build();
    }

    @POST
    @Path("/sms")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @APIResponse(responseCode = "204", description = "Recorded")
    public Response sms(@QueryParam("row") String row, MultivaluedMap<String, String> form,
                        @HeaderParam("X-Twilio-Signature") String signature, @Context UriInfo uri) {
        Map<String, String> p = webhook.verify("/twilio/status/sms", uri, form, signature);
        String status = p.getOrDefault("MessageStatus", p.get("SmsStatus"));
        deliveryState.applyStatus(TwilioWebhook.row(row), p.get("MessageSid"), status, null);
        return Response.noContent().build();
    }

    private static Integer sequence(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
