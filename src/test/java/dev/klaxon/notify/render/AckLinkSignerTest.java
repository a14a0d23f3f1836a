package dev.klaxon.notify.render;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AckLinkSignerTest {

    final AckLinkSigner signer = new AckLinkSigner("key-one");
    final Instant now = Instant.parse("2026-11-22T03:30:00Z");
    final AckToken token = new AckToken(UUID.randomUUID(), UUID.randomUUID(), now.plusSeconds(3600));

    @Test
    void signedTokenVerifiesUntilItExpires() {
        String t = signer.sign(token);
        assertEquals(token, signer.verify(t, now).orElseThrow());
        assertTrue(signer.verify(t, now.plusSeconds(3600)).isEmpty());
        assertTrue(t.length() < 80, "short enough for an SMS: " + t.length());
    }

    @Test
    void anotherKeyOrAChangedByteIsRefused() {
        String t = signer.sign(token);
        assertTrue(new AckLinkSigner("key-two").verify(t, now).isEmpty());
        char[] c = t.toCharArray();
        c[3] = c[3] == 'A' ? 'B' : 'A';
        assertTrue(signer.verify(new String(c), now).isEmpty());
        assertTrue(signer.verify("garbage", now).isEmpty());
        assertTrue(signer.verify("", now).isEmpty());
        assertTrue(signer.verify("a.b", now).isEmpty());
    }
}
