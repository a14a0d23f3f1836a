package dev.klaxon.ack;

import dev.klaxon.directory.ContactType;
import dev.klaxon.directory.UserService;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.OutboxStatus;
import dev.klaxon.notify.push.PushoverCallbackTokens;
import dev.klaxon.platform.KlaxonException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Pushover's callback when someone acknowledges an emergency notification in the Pushover app: acknowledges the
 * Klaxon alert. Pushover does not sign callbacks; the signed, expiring token in the URL names the outbox row, and
 * the receipt Pushover posts must be the one that row recorded, or nothing changes (403).
 */
@Path("/pushover/callback/{token}")
public class PushoverCallbackResource {

    @Inject
    PushoverCallbackTokens tokens;

    @Inject
    OutboxQueries outboxQueries;

    @Inject
    AlertActions actions;

    @Inject
    UserService users;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    @APIResponse(responseCode = "200", description = "What Klaxon did", content = @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING)))
    public Response acknowledged(@PathParam("token") String token, @FormParam("receipt") String receipt,
                                 @FormParam("acknowledged") String acknowledged) {
        UUID rowId = tokens.verify(token)
                .orElseThrow(() -> KlaxonException.forbidden("this Pushover callback URL is not valid"));
        Optional<OutboxEntry> row = outboxQueries.find(rowId);
        if (row.isEmpty() || row.get().alertId == null || !ContactType.PUSHOVER.name().equals(row.get().channel)
                || !receiptMatches(row.get(), receipt)) {
            throw KlaxonException.forbidden("the receipt does not belong to this callback URL");
        }
        if (!"1".equals(acknowledged)) {
            return Response.ok("not acknowledged; nothing to do").build();
        }
        OutboxEntry r = row.get();
        AlertActions.Result result = actions.apply(r.alertId, SmsReply.Verb.ACKNOWLEDGE, users.name(r.userId), "Pushover");
        return Response.ok(result.message()).build();
    }

    /** A receipt not yet recorded (the push is still being sent, Pushover was faster) cannot be checked, only trusted via the token. */
    private static boolean receiptMatches(OutboxEntry row, String receipt) {
        if (receipt == null || receipt.isBlank()) {
            return false;
        }
        return row.providerId == null ? row.status == OutboxStatus.SENDING : row.providerId.equals(receipt);
    }
}
