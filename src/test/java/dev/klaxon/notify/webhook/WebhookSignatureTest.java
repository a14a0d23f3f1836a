package dev.klaxon.notify.webhook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureTest {

    @Test
    void signatureIsHexHmacSha256OverTimestampDotBody() {
        // what a receiver computes with: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
        assertEquals("49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686",
                WebhookSignature.sign("secret", "1700000000", "{\"a\":1}"));
    }

    @Test
    void verificationFailsWhenBodyTimestampOrSecretDiffer() {
        String sig = WebhookSignature.sign("secret", "1700000000", "{\"a\":1}");
        assertTrue(WebhookSignature.verify("secret", "1700000000", "{\"a\":1}", sig));
        assertTrue(WebhookSignature.verify("secret", "1700000000", "{\"a\":1}", sig.toUpperCase()));
        assertFalse(WebhookSignature.verify("secret", "1700000001", "{\"a\":1}", sig));
        assertFalse(WebhookSignature.verify("secret", "1700000000", "{\"a\":2}", sig));
        assertFalse(WebhookSignature.verify("other", "1700000000", "{\"a\":1}", sig));
        assertFalse(WebhookSignature.verify("secret", "1700000000", "{\"a\":1}", null));
    }
}
