package dev.klaxon.notify;

import dev.klaxon.notify.twilio.TwilioSmsSender;
import dev.klaxon.notify.twilio.TwilioVoiceSender;
import dev.klaxon.testing.DyingReplica;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.notifications;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.rule;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.timeline;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica that dies mid-send leaves its rows leased. Once the lease runs out they are reconciled with Twilio's
 * message and call lists: re-sent only if Twilio has no record of them. No page is lost, none is sent twice.
 * The dispatcher loop of the test application is paused to stand in for the dead replica.
 */
@QuarkusTest
class ReconciliationTest {

    @Inject
    TestClock clock;

    @Inject
    Dispatcher dispatcher;

    @Inject
    TwilioSmsSender smsSender;

    @Inject
    TwilioVoiceSender voiceSender;

    @BeforeEach
    void twilioRecordsTimesOnOurClock() {
        KlaxonTestEnvironment.twilio().useClock(clock);
    }

    private String trigger(String type, String phone, String summary) {
        String u = user("Reconcile " + summary);
        contact(u, type, phone);
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        return hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202)
                .extract().path("alertId");
    }

    private Map<String, Object> row(String alertId, String id) {
        return notifications(alertId).stream().filter(n -> id.equals(n.get("id"))).findFirst().orElseThrow();
    }

    /** Reconciles once more and waits until whatever that would send went out: a second page fails the test. */
    private void settle() {
        dispatcher.reconcileExpiredLeases();
        Settled.await();
    }

    @Test
    void killedBetweenClaimAndSendTheSmsGoesOutExactlyOnce() throws Exception {
        String p = phone();
        String alertId;
        OutboxEntry claimed;
        Settled.await();
        dispatcher.pause();
        try {
            alertId = trigger("SMS", p, "ledger drift");
            claimed = DyingReplica.claim(p);
            assertEquals("SENDING", row(alertId, claimed.id.toString()).get("status"));
            DyingReplica.leaseRunsOut();
            Pages.until("the row is back in the queue", () -> "PENDING".equals(row(alertId, claimed.id.toString()).get("status")));
            assertEquals(0, KlaxonTestEnvironment.twilio().messagesTo(p).size());
        } finally {
            dispatcher.resume();
        }
        Pages.awaitSms(p, 1);
        Pages.until("the row is recorded as sent", () -> "SENT".equals(row(alertId, claimed.id.toString()).get("status")));
        settle();
        assertEquals(1, KlaxonTestEnvironment.twilio().messagesTo(p).size());
        assertTrue(timeline(alertId).stream().anyMatch(m -> m.contains("the provider has no record of it")));
    }

    @Test
    void killedBetweenSendAndRecordTheSmsIsNotSentAgain() throws Exception {
        String p = phone();
        String alertId;
        OutboxEntry claimed;
        SendResult sent;
        Settled.await();
        dispatcher.pause();
        try {
            alertId = trigger("SMS", p, "index rebuild stalled");
            claimed = DyingReplica.claim(p);
            sent = smsSender.send(claimed); // Twilio has it; the replica dies before writing that down
            DyingReplica.leaseRunsOut();
            Pages.until("the row is settled from Twilio's records", () -> "SENT".equals(row(alertId, claimed.id.toString()).get("status")));
        } finally {
            dispatcher.resume();
        }
        settle();
        assertEquals(1, KlaxonTestEnvironment.twilio().messagesTo(p).size());
        assertEquals(sent.providerId(), row(alertId, claimed.id.toString()).get("providerId"));
    }

    @Test
    void killedBetweenCallAndRecordTheCallIsNotPlacedAgain() throws Exception {
        String p = phone();
        String alertId;
        OutboxEntry claimed;
        SendResult sent;
        Settled.await();
        dispatcher.pause();
        try {
            alertId = trigger("VOICE", p, "vpn tunnel flapping");
            claimed = DyingReplica.claim(p);
            sent = voiceSender.send(claimed);
            DyingReplica.leaseRunsOut();
            Pages.until("the row is settled from Twilio's records", () -> "SENT".equals(row(alertId, claimed.id.toString()).get("status")));
        } finally {
            dispatcher.resume();
        }
        settle();
        assertEquals(1, KlaxonTestEnvironment.twilio().callsTo(p).size());
        assertEquals(sent.providerId(), row(alertId, claimed.id.toString()).get("providerId"));
    }

    @Test
    void killedBetweenClaimAndCallTheCallIsPlacedExactlyOnce() throws Exception {
        String p = phone();
        String alertId;
        OutboxEntry claimed;
        Settled.await();
        dispatcher.pause();
        try {
            alertId = trigger("VOICE", p, "object store 503");
            claimed = DyingReplica.claim(p);
            DyingReplica.leaseRunsOut();
            Pages.until("the row is back in the queue", () -> "PENDING".equals(row(alertId, claimed.id.toString()).get("status")));
        } finally {
            dispatcher.resume();
        }
        Pages.awaitCall(p, 1);
        Pages.until("the row is recorded as sent", () -> "SENT".equals(row(alertId, claimed.id.toString()).get("status")));
        settle();
        assertEquals(1, KlaxonTestEnvironment.twilio().callsTo(p).size());
    }

    @Test
    void anEarlierRepeatWithTheSameTextIsNotMistakenForTheLostOne() throws Exception {
        String p = phone();
        String u = user("Reconcile Repeat");
        rule(u, contact(u, "SMS", p), "PT0S", "PT5M");
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"replica lag\"}").then().statusCode(202)
                .extract().path("alertId");
        Pages.awaitSms(p, 1);
        Pages.until("the first page is recorded", () -> notifications(alertId).stream()
                .anyMatch(n -> "SENT".equals(n.get("status")) && n.get("providerId") != null));
        OutboxEntry repeat;
        Settled.await();
        dispatcher.pause();
        try {
            clock.advance(Duration.ofMinutes(5));
            repeat = DyingReplica.claim(p);
            assertEquals(1, repeat.repeatIndex);
            DyingReplica.leaseRunsOut();
            Pages.until("the repeat is back in the queue", () -> "PENDING".equals(row(alertId, repeat.id.toString()).get("status")));
        } finally {
            dispatcher.resume();
        }
        Pages.awaitSms(p, 2);
        settle();
        List<String> bodies = KlaxonTestEnvironment.twilio().messagesTo(p).stream().map(r -> r.param("Body")).toList();
        assertEquals(2, bodies.size());
        assertEquals(bodies.get(0), bodies.get(1), "the repeat says the same; only the sid tells them apart");
    }
}
