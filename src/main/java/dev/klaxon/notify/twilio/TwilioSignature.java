package dev.klaxon.notify.twilio;

import com.twilio.security.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Twilio-Signature} for form-encoded webhooks (SMS inbound, voice, status callbacks).
 *
 * <p>Validation delegates to the SDK's {@link RequestValidator}, which accepts the URL with and without its default
 * port. The URL must be the exact public URL Twilio called (scheme, host, port, path and query as configured at
 * Twilio — i.e. built from {@code KLAXON_PUBLIC_URL}, not from what a reverse proxy forwards).</p>
 */
public final class TwilioSignature {

    /** The request header Twilio signs with. */
    public static final String HEADER = "X-Twilio-Signature";

    private static final String HMAC_SHA1 = "HmacSHA1";

    private TwilioSignature() {
    }

    /**
     * @param authToken       the account's auth token
     * @param url             the full URL Twilio requested, including any query string
     * @param formParams      the POSTed form fields (first value per name); {@code null} means none
     * @param signatureHeader the {@code X-Twilio-Signature} value; {@code null} or blank is never valid
     */
    public static boolean isValid(String authToken, String url, Map<String, String> formParams, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()
                || authToken == null || authToken.isEmpty() || url == null || url.isEmpty()) {
            return false;
        }
        return new RequestValidator(authToken).validate(url, formParams == null ? Map.of() : formParams, signatureHeader);
    }

    /**
     * Twilio's algorithm: HMAC-SHA1 keyed with the auth token over the URL followed by every form field's name and
     * value, fields sorted by name (Java String order; a {@code null} value counts as empty), Base64-encoded.
     */
    public static String sign(String authToken, String url, Map<String, String> params) {
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(url, "url");
        StringBuilder data = new StringBuilder(url);
        if (params != null) {
            List<String> keys = new ArrayList<>(params.keySet());
            Collections.sort(keys);
            for (String key : keys) {
                String value = params.get(key);
                data.append(key).append(value == null ? "" : value);
            }
        }
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
            byte[] raw = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
