package dev.klaxon.ack;

import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.SecretStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;

/** Builds the links and callback URLs a page carries, all under {@code klaxon.public-url}. */
@ApplicationScoped
public class AckLinks {

    @Inject
    KlaxonConfig config;

    @Inject
    SecretStore secrets;

    @Inject
    InstantSource clock;

    private volatile AckLinkSigner signer;

    public String token(UUID alertId, UUID userId) {
        return signer().sign(new AckToken(alertId, userId, clock.instant().plus(config.ack().linkTtl())));
    }

    public Optional<AckToken> verify(String token) {
        return signer().verify(token, clock.instant());
    }

    public String ackUrl(String token) {
        return base() + "/ack/" + token;
    }

    public String voiceUrl(String token) {
        return base() + "/twilio/voice/" + token;
    }

    public String base() {
        return config.publicUrl().toString().replaceAll("/+$", "");
    }

    private AckLinkSigner signer() {
        AckLinkSigner s = signer;
        if (s == null) {
            String key = config.ack().signingKey().filter(k -> !k.isBlank()).orElseGet(() -> secrets.get("ack-signing-key"));
            s = new AckLinkSigner(key);
            signer = s;
        }
        return s;
    }

    Instant now() {
        return clock.instant();
    }
}
