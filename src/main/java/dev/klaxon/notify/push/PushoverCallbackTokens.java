package dev.klaxon.notify.push;

import dev.klaxon.platform.SecretStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The token in a Pushover callback URL: names one outbox row and an expiry, signed with an installation key.
 * Pushover does not sign its callbacks, so this token is what makes a callback trustworthy.
 */
@ApplicationScoped
public class PushoverCallbackTokens {

    private static final int PAYLOAD_BYTES = 16 + 8;
    private static final int MAC_BYTES = 16;

    @Inject
    SecretStore secrets;

    @Inject
    InstantSource clock;

    public String sign(UUID rowId, Instant expiresAt) {
        byte[] payload = ByteBuffer.allocate(PAYLOAD_BYTES).putLong(rowId.getMostSignificantBits())
                .putLong(rowId.getLeastSignificantBits()).putLong(expiresAt.getEpochSecond()).array();
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString(payload) + "." + enc.encodeToString(mac(payload));
    }

    /** The outbox row the token names, if the signature is ours and it has not expired. */
    public Optional<UUID> verify(String token) {
        if (token == null || token.length() > 100 || token.indexOf('.') < 0) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] mac;
        try {
            Base64.Decoder dec = Base64.getUrlDecoder();
            payload = dec.decode(token.substring(0, token.indexOf('.')));
            mac = dec.decode(token.substring(token.indexOf('.') + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (payload.length != PAYLOAD_BYTES || !MessageDigest.isEqual(mac, mac(payload))) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        UUID rowId = new UUID(b.getLong(), b.getLong());
        return clock.instant().isBefore(Instant.ofEpochSecond(b.getLong())) ? Optional.of(rowId) : Optional.empty();
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secrets.get("pushover-callback-key").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Arrays.copyOf(m.doFinal(payload), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
