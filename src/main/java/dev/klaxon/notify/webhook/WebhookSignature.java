package dev.klaxon.notify.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * {@code X-Klaxon-Signature}: lowercase hex HMAC-SHA256, keyed with the signing secret, over
 * {@code <X-Klaxon-Timestamp>.<raw body>}. Signing the timestamp with the body lets receivers refuse replays of an
 * old delivery. Pure; receivers can copy {@link #verify} as it is.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Klaxon-Signature";
    public static final String TIMESTAMP_HEADER = "X-Klaxon-Timestamp";

    private WebhookSignature() {
    }

    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of the header against the signature computed from the secret. */
    public static boolean verify(String secret, String timestamp, String body, String signature) {
        if (signature == null || timestamp == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
                signature.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
