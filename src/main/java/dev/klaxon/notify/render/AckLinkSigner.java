package dev.klaxon.notify.render;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs and verifies ack tokens: alert id, user id and expiry, with a truncated HMAC-SHA256. Pure; the key is
 * given. Short enough to keep an SMS in two segments.
 */
public final class AckLinkSigner {

    private static final int MAC_BYTES = 16;
    private static final int PAYLOAD_BYTES = 16 + 16 + 8;

    private final byte[] key;

    public AckLinkSigner(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    public String sign(AckToken t) {
        ByteBuffer b = ByteBuffer.allocate(PAYLOAD_BYTES);
        b.putLong(t.alertId().getMostSignificantBits()).putLong(t.alertId().getLeastSignificantBits());
        b.putLong(t.userId().getMostSignificantBits()).putLong(t.userId().getLeastSignificantBits());
        b.putLong(t.expiresAt().getEpochSecond());
        byte[] payload = b.array();
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString(payload) + "." + enc.encodeToString(mac(payload));
    }

    /** The token's content if the signature is ours and it has not expired at {@code now}. */
    public Optional<AckToken> verify(String token, Instant now) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] mac;
        try {
            Base64.Decoder dec = Base64.getUrlDecoder();
            payload = dec.decode(token.substring(0, dot));
            mac = dec.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (payload.length != PAYLOAD_BYTES || !MessageDigest.isEqual(mac, mac(payload))) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        AckToken t = new AckToken(new UUID(b.getLong(), b.getLong()), new UUID(b.getLong(), b.getLong()),
                Instant.ofEpochSecond(b.getLong()));
        return now.isBefore(t.expiresAt()) ? Optional.of(t) : Optional.empty();
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(m.doFinal(payload), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
