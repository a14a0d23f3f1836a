package dev.klaxon.notify.webhook;

import dev.klaxon.platform.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** {@code GET /api/v1/webhook-signing-secret} (ADMIN): the secret receivers verify {@code X-Klaxon-Signature} with. */
@Path("/api/v1/webhook-signing-secret")
public class WebhookSigningKeyResource {

    public record SigningSecret(String secret, String source) {
    }

    @Inject
    WebhookSigningKey key;

    @Inject
    Caller caller;

    @GET
    public SigningSecret get() {
        caller.requireAdmin();
        return new SigningSecret(key.secret(), key.configured() ? "KLAXON_WEBHOOK_SIGNING_SECRET" : "generated");
    }
}
