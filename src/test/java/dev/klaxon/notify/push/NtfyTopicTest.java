package dev.klaxon.notify.push;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NtfyTopicTest {

    private static final URI CONFIGURED = URI.create("https://ntfy.example.com/");

    @Test
    void aBareTopicLivesOnTheConfiguredServer() {
        NtfyTopic t = NtfyTopic.of("oncall-alice_7", CONFIGURED);
        assertEquals("oncall-alice_7", t.topic());
        assertEquals(URI.create("https://ntfy.example.com/"), t.publishUrl());
        assertEquals(URI.create("https://ntfy.example.com/oncall-alice_7/json?poll=1&since=1700000000"), t.pollUrl(1700000000));
        assertTrue(t.on(CONFIGURED));
    }

    @Test
    void aTopicUrlNamesItsOwnServerEvenUnderAPathPrefix() {
        NtfyTopic t = NtfyTopic.of("http://10.0.0.5:8080/ntfy/oncall-bob/", CONFIGURED);
        assertEquals("oncall-bob", t.topic());
        assertEquals(URI.create("http://10.0.0.5:8080/ntfy/"), t.publishUrl());
        assertEquals(URI.create("http://10.0.0.5:8080/ntfy/oncall-bob/json?poll=1&since=5"), t.pollUrl(5));
        assertFalse(t.on(CONFIGURED), "the access token must not travel to another server");
    }

    @Test
    void aTopicUrlOnTheConfiguredServerIsRecognised() {
        assertTrue(NtfyTopic.of("https://ntfy.example.com:443/oncall-carol", CONFIGURED).on(CONFIGURED));
        assertFalse(NtfyTopic.of("http://ntfy.example.com/oncall-carol", CONFIGURED).on(CONFIGURED), "http is another endpoint");
    }

    @Test
    void aUrlWithoutATopicIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NtfyTopic.of("https://ntfy.example.com/", CONFIGURED));
        assertThrows(IllegalArgumentException.class, () -> NtfyTopic.of("https://ntfy.example.com/a/b%20c", CONFIGURED));
    }
}
