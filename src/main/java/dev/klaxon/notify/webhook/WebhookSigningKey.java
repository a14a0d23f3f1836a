package dev.klaxon.notify.webhook;

import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.SecretStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The installation's webhook signing secret: {@code KLAXON_WEBHOOK_SIGNING_SECRET} when set, else one generated on
 * first use and shared by every replica through the database (an admin reads it from the API to give receivers).
 */
@ApplicationScoped
public class WebhookSigningKey {

    @Inject
    KlaxonConfig config;

    @Inject
    SecretStore secrets;

    public String secret() {
        return config.webhook().signingSecret().filter(s -> !s.isBlank()).orElseGet(() -> secrets.get("webhook-signing-secret"));
    }

    public boolean configured() {
        return config.webhook().signingSecret().filter(s -> !s.isBlank()).isPresent();
    }
}
