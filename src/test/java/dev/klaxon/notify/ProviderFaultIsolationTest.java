package dev.klaxon.notify;

import dev.klaxon.testing.FakeHttpServer;
import dev.klaxon.testing.FakeNtfy;
import dev.klaxon.testing.FakePushover;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Timeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seed lesson 1: a provider that fails, hangs, answers garbage or has a TLS error is written on the alert's
 * timeline, and the same user's SMS goes out regardless. Each failure is injected into a real HTTP fake.
 */
@QuarkusTest
class ProviderFaultIsolationTest {

    @Inject
    Breakers circuits;

    @AfterEach
    void closeCircuits() {
        // the Pushover fake is shared by all tests: its failures here must not keep its circuit open for others
        circuits.resetAll();
    }

    record Paged(String alertId, String phone) {
    }

    /** Pages a user who has an SMS number and the failing method; returns once the SMS went out. */
    private static Paged pageWithSms(String type, String address) {
        String u = user("Fay " + type);
        String phone = phone();
        contact(u, "SMS", phone);
        contact(u, type, address);
        String alertId = hook(integration(service(policy("PT5M", 0, u)), "GENERIC"),
                "{\"action\":\"trigger\",\"summary\":\"fault " + ThreadLocalRandom.current().nextInt() + "\"}")
                .then().statusCode(202).extract().path("alertId");
        Pages.awaitSms(phone, 1);
        return new Paged(alertId, phone);
    }

    private static String topic() {
        return "fault-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @Test
    void ntfyServerErrorIsOnTheTimelineAndTheSmsStillGoesOut() {
        try (FakeNtfy ntfy = FakeNtfy.start()) {
            ntfy.failNext(503);
            Paged p = pageWithSms("NTFY", ntfy.url() + "/" + topic());
            Timeline.await(p.alertId(), "send-retry", "NTFY to " + ntfy.url(), "ntfy at " + ntfy.url(), "HTTP 503");
        }
    }

    @Test
    void ntfyAnsweringGarbageIsOnTheTimeline() {
        try (FakeNtfy ntfy = FakeNtfy.start()) {
            ntfy.garbageNext();
            Paged p = pageWithSms("NTFY", ntfy.url() + "/" + topic());
            // in Klaxon's words with the status; what the server answered is never repeated (API.md, security decisions)
            Timeline.await(p.alertId(), "send-retry", "ntfy at " + ntfy.url(), "answered HTTP 200 with something unexpected");
        }
    }

    @Test
    void ntfyWithATlsErrorIsOnTheTimeline() {
        try (FakeHttpServer untrusted = FakeHttpServer.startSelfSigned("ntfy-self-signed", r -> new FakeHttpServer.Reply(200, null, null))) {
            Paged p = pageWithSms("NTFY", untrusted.url() + "/" + topic());
            Timeline.await(p.alertId(), "send-retry", "TLS error with ntfy at " + untrusted.url());
            assertEquals(0, untrusted.requests().size(), "nothing was sent over the untrusted connection");
        }
    }

    @Test
    void ntfyThatHangsDoesNotHoldBackTheSms() {
        try (FakeNtfy ntfy = FakeNtfy.start()) {
            ntfy.hangNext();
            Paged p = pageWithSms("NTFY", ntfy.url() + "/" + topic());
            assertEquals("SENDING", Timeline.notification(p.alertId(), "NTFY").get("status"),
                    "the SMS went out while ntfy was still hanging");
            Timeline.await(p.alertId(), "send-retry", "ntfy at " + ntfy.url(), "did not answer within 2 s");
        }
    }

    @Test
    void pushoverServerErrorIsOnTheTimelineAndTheSmsStillGoesOut() {
        KlaxonTestEnvironment.pushover().failNext(502);
        Paged p = pageWithSms("PUSHOVER", FakePushover.userKey());
        Timeline.await(p.alertId(), "send-retry", "Pushover at " + KlaxonTestEnvironment.pushover().url(), "HTTP 502");
    }

    @Test
    void pushoverAnsweringGarbageIsOnTheTimeline() {
        KlaxonTestEnvironment.pushover().garbageNext();
        Paged p = pageWithSms("PUSHOVER", FakePushover.userKey());
        Timeline.await(p.alertId(), "send-retry", "Pushover at ", "something unexpected");
    }

    @Test
    void pushoverThatHangsDoesNotHoldBackTheSms() {
        KlaxonTestEnvironment.pushover().hangNext();
        Paged p = pageWithSms("PUSHOVER", FakePushover.userKey());
        assertEquals("SENDING", Timeline.notification(p.alertId(), "PUSHOVER").get("status"));
        Timeline.await(p.alertId(), "send-retry", "Pushover at ", "did not answer within 2 s");
    }

    @Test
    void webhookReceiverErrorIsOnTheTimelineAndTheSmsStillGoesOut() {
        try (FakeHttpServer receiver = FakeHttpServer.start("receiver", r -> new FakeHttpServer.Reply(200, null, null))) {
            receiver.failNext(500);
            Paged p = pageWithSms("WEBHOOK", receiver.url() + "/hook");
            Timeline.await(p.alertId(), "send-retry", "webhook at " + receiver.url(), "HTTP 500");
        }
    }

    @Test
    void webhookReceiverThatHangsDoesNotHoldBackTheSms() {
        try (FakeHttpServer receiver = FakeHttpServer.start("receiver", r -> new FakeHttpServer.Reply(200, null, null))) {
            receiver.hangNext();
            Paged p = pageWithSms("WEBHOOK", receiver.url() + "/hook");
            assertEquals("SENDING", Timeline.notification(p.alertId(), "WEBHOOK").get("status"));
            Timeline.await(p.alertId(), "send-retry", "webhook at " + receiver.url(), "did not answer within 2 s");
        }
    }

    @Test
    void webhookWithATlsErrorIsOnTheTimeline() {
        try (FakeHttpServer untrusted = FakeHttpServer.startSelfSigned("receiver-self-signed", r -> new FakeHttpServer.Reply(200, null, null))) {
            Paged p = pageWithSms("WEBHOOK", untrusted.url() + "/hook");
            Timeline.await(p.alertId(), "send-retry", "TLS error with webhook at " + untrusted.url());
            assertEquals(0, untrusted.requests().size());
        }
    }

    @Test
    void aDeadNtfyServerOpensItsCircuitAndIsNotCalledWhileOtherServersAreUnaffected() {
        try (FakeNtfy dead = FakeNtfy.start()) {
            dead.down(503);
            String topic = topic();
            String u = user("Fred Dead Ntfy");
            contact(u, "NTFY", dead.url() + "/" + topic);
            String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
            List<String> alerts = new ArrayList<>();
            for (int i = 0; i < ProviderCircuits.WINDOW; i++) {
                alerts.add(hook(key, "{\"action\":\"trigger\",\"summary\":\"dead ntfy " + i + "\"}").then()
                        .statusCode(202).extract().path("alertId"));
                Timeline.await(alerts.get(i), "send-retry", "HTTP 503");
            }
            assertEquals(ProviderCircuits.WINDOW, dead.requests().size());

            String next = hook(key, "{\"action\":\"trigger\",\"summary\":\"dead ntfy again\"}").then().statusCode(202)
                    .extract().path("alertId");
            Timeline.await(next, "send-deferred", "ntfy at " + dead.url(), "circuit open, not called");
            assertEquals(ProviderCircuits.WINDOW, dead.requests().size(), "the open circuit kept the call away");

            // the shared ntfy server has its own circuit and still gets pages
            String liveTopic = topic();
            String v = user("Fiona Live Ntfy");
            contact(v, "NTFY", liveTopic);
            hook(integration(service(policy("PT5M", 0, v)), "GENERIC"), "{\"action\":\"trigger\",\"summary\":\"live ntfy\"}")
                    .then().statusCode(202);
            KlaxonTestEnvironment.ntfy().awaitMessages(liveTopic, 1);
        }
    }
}
