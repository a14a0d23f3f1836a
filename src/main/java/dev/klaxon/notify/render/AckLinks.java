package dev.klaxon.notify.render;

import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.PublicUrl;
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
    private volatile AckLinkSigner bundleSigner;

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

    /** A link to a bundled page's alerts; signed with a key of its own, so it never passes for an alert link. */
    public String bundleToken(UUID bundleId, UUID userId) {
        return bundleSigner().sign(new AckToken(bundleId, userId, clock.instant().plus(config.ack().linkTtl())));
    }

    /** The token's bundle (its {@code alertId} is the bundle's id) and user, if valid. */
    public Optional<AckToken> verifyBundle(String token) {
        return bundleSigner().verify(token, clock.instant());
    }

    public String bundleUrl(String token) {
        return base() + "/ack/bundle/" + token;
    }

    public String voiceBundleUrl(String token) {
        return base() + "/twilio/voice/bundle/" + token;
    }

    public String base() {
        return PublicUrl.base(config);
    }

    private AckLinkSigner bundleSigner() {
        AckLinkSigner s = bundleSigner;
        if (s == null) {
            String key = config.ack().signingKey().filter(k -> !k.isBlank()).orElseGet(() -> secrets.get("ack-signing-key"));
            s = new AckLinkSigner(key + "\u0000bundle");
            bundleSigner = s;
        }
        return s;
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
