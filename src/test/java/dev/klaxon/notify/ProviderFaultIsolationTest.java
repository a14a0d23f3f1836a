package dev.klaxon.notify;

import dev.klaxon.platform.OutboundGuard;
import dev.klaxon.testing.FakeHttpServer;
import dev.klaxon.testing.FakeNtfy;
import dev.klaxon.testing.FakePushover;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import dev.klaxon.testing.Timeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.rule;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed lesson 1: a provider that fails, hangs, answers garbage or has a TLS error is written on the alert's
 * timeline, and the same user's SMS goes out regardless. Each failure is injected into a real HTTP fake.
 */
@QuarkusTest
class ProviderFaultIsolationTest {

    @Inject
    Breakers circuits;

    @Inject
    OutboundGuard guard;

    @Inject
    TestClock clock;

    @Inject
    Dispatcher dispatcher;

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
    void ntfyThatHangsDoesNotHoldBackTheSms() throws InterruptedException {
        try (FakeNtfy ntfy = FakeNtfy.start()) {
            Paged p = smsWhileHeld("NTFY", ntfy.url() + "/" + topic(), ntfy);
            Timeline.await(p.alertId(), "send-retry", "ntfy at " + ntfy.url(), "HTTP 503");
        }
    }

    /**
     * Pages a user whose {@code type} contact method is paged at once and whose SMS one minute later (test clock);
     * the fake holds the first request open, then the minute passes, and the SMS must go out while that request is
     * still open. The fake holds it until the test releases it, and Klaxon's timeout in tests is longer than any test
     * wait, so this is no race with a clock: a dispatcher that let one channel wait for another would never send it.
     */
    private Paged smsWhileHeld(String type, String address, FakeHttpServer fake) throws InterruptedException {
        String u = user("Hal " + type);
        String phone = phone();
        String sms = contact(u, "SMS", phone);
        rule(u, contact(u, type, address), "PT0S", null);
        rule(u, sms, "PT1M", null);
        Settled.await(); // nothing of an earlier test in flight or due that could take the hold
        int before = fake.requests(r -> "POST".equals(r.method())).size();
        fake.holdNext();
        String alertId = hook(integration(service(policy("PT5M", 0, u)), "GENERIC"),
                "{\"action\":\"trigger\",\"summary\":\"held " + ThreadLocalRandom.current().nextInt() + "\"}")
                .then().statusCode(202).extract().path("alertId");
        fake.await(r -> "POST".equals(r.method()), before + 1, Pages.WAIT);
        clock.advance(Duration.ofMinutes(1));
        dispatcher.drain();
        Pages.awaitSms(phone, 1);
        assertEquals("SENDING", Timeline.notification(alertId, type).get("status"),
                "the SMS went out while " + type + " was still held open");
        fake.releaseHeld();
        return new Paged(alertId, phone);
    }

    /**
     * A provider that never answers is given up after the response timeout, and the timeline says so in words.
     * Sent through {@link ProviderHttp} with its own short timeout, so the test waits 0.3 s, not the 30 s of tests.
     */
    @Test
    void aProviderThatNeverAnswersIsGivenUpAfterItsTimeout() {
        try (FakeHttpServer silent = FakeHttpServer.start("silent", r -> new FakeHttpServer.Reply(200, null, null))) {
            silent.hangNext();
            ProviderHttp http = new ProviderHttp("ntfy", Duration.ofSeconds(1), Duration.ofMillis(300),
                    new ProviderCircuits("ntfy", "NTFY", circuits, endpoint -> true), guard);
            ProviderException e = assertThrows(ProviderException.class, () -> http.call(
                    HttpRequest.newBuilder(URI.create(silent.url() + "/t")).POST(HttpRequest.BodyPublishers.ofString("x")),
                    answer -> answer));
            assertTrue(e.getMessage().startsWith("ntfy at " + silent.url() + " did not answer within"), e.getMessage());
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
    void pushoverThatHangsDoesNotHoldBackTheSms() throws InterruptedException {
        Paged p = smsWhileHeld("PUSHOVER", FakePushover.userKey(), KlaxonTestEnvironment.pushover());
        Timeline.await(p.alertId(), "send-retry", "Pushover at ", "HTTP 503");
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
    void webhookReceiverThatHangsDoesNotHoldBackTheSms() throws InterruptedException {
        try (FakeHttpServer receiver = FakeHttpServer.start("receiver", r -> new FakeHttpServer.Reply(200, null, null))) {
            Paged p = smsWhileHeld("WEBHOOK", receiver.url() + "/hook", receiver);
            Timeline.await(p.alertId(), "send-retry", "webhook at " + receiver.url(), "HTTP 503");
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
