package dev.klaxon.notify;

import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Management;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.admin;
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
 * Twilio failing in every way the fake can: errors, hanging, unreadable answers, a stalled connection, and
 * failing so often that its circuit breaker opens. Each is recorded on the timeline and routed around to the
 * user's next contact method; none is sent twice; other channels keep going.
 */
@QuarkusTest
class ProviderFailuresTest {

    @Inject
    TestClock clock;

    @Inject
    Dispatcher dispatcher;

    @Inject
    dev.klaxon.engine.EscalationSweep sweep;

    @Inject
    Breakers breakers;

    private final FakeTwilio twilio = KlaxonTestEnvironment.twilio();

    @BeforeEach
    void twilioRecordsTimesOnOurClock() {
        twilio.useClock(clock);
    }

    record Paged(String alertId, String phone) {
    }

    private static Map<String, Object> row(String alertId, String channel) {
        return notifications(alertId).stream().filter(n -> channel.equals(n.get("channel"))).findFirst().orElseThrow();
    }

    private int posts(String phone, String resource) {
        return (int) twilio.requests().stream().filter(r -> "POST".equals(r.method())
                && r.path().endsWith("/" + resource + ".json") && phone.equals(r.param("To"))).count();
    }

    /** The alert's VOICE rows in this status (pending ones only if never claimed). */
    private static int voiceRows(String alertId, String status) {
        try (var c = KlaxonTestEnvironment.connect();
             var st = c.prepareStatement("SELECT count(*) FROM outbox WHERE alert_id = ?::uuid AND channel = 'VOICE' AND status = ?"
                     + " AND attempts = CASE WHEN status = 'PENDING' THEN 0 ELSE attempts END")) {
            st.setString(1, alertId);
            st.setString(2, status);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void later(Duration d) throws InterruptedException {
        clock.advance(d);
        dispatcher.reconcileExpiredLeases();
        sweep.runOnce();
        dispatcher.drain();
    }

    @Test
    void aTwilioErrorIsRecordedRetriedAndTheNextContactMethodTakesOverAtOnce() throws Exception {
        Paged c = triggerFailing("ledger 500s");
        Pages.awaitCall(c.phone(), 1); // the call was due in 10 minutes; it goes now
        assertEquals(0, twilio.messagesTo(c.phone()).size());
        List<String> t = timeline(c.alertId());
        assertTrue(t.stream().anyMatch(m -> m.contains("SMS to " + c.phone() + " failed") && m.contains("retrying")), t.toString());
        assertTrue(t.stream().anyMatch(m -> m.contains("handing over to VOICE")), t.toString());

        later(Duration.ofSeconds(6)); // the retry with backoff succeeds
        Pages.awaitSms(c.phone(), 1);
        Pages.until("the SMS is recorded", () -> "SENT".equals(row(c.alertId(), "SMS").get("status")));
        assertEquals(1, twilio.messagesTo(c.phone()).size());
        assertEquals(1, twilio.callsTo(c.phone()).size());
    }

    @Test
    void aMessageTwilioRefusesFailsForGoodAtOnceWithoutRetries() throws Exception {
        String u = user("Failure refused");
        String p = phone();
        rule(u, contact(u, "SMS", p), "PT0S", null);
        rule(u, contact(u, "VOICE", p), "PT10M", null);
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        twilio.failNextTo(p, 400, 1); // e.g. 21610: the recipient unsubscribed
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"refused sms\"}").then().statusCode(202)
                .extract().path("alertId");
        Pages.awaitCall(p, 1);
        Pages.until("the SMS failed for good", () -> "FAILED".equals(row(alertId, "SMS").get("status")));
        later(Duration.ofMinutes(5));
        assertEquals(1, posts(p, "Messages"), "no retry of a request Twilio refused");
        assertTrue(timeline(alertId).stream().anyMatch(m -> m.contains("failed for good")), timeline(alertId).toString());
    }

    /**
     * No retry inside a retry (issue 11): with Twilio answering 503, each outbox attempt is exactly one provider
     * call — the SDK's own retries would make it three, and with them one SMS up to 12 calls.
     */
    @Test
    void aTwilio503CostsOneProviderCallPerOutboxAttempt() throws Exception {
        String u = user("Failure 503 budget");
        String p = phone();
        rule(u, contact(u, "SMS", p), "PT0S", null);
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        twilio.failNextTo(p, 503, 2);
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"twilio 503s\"}").then().statusCode(202)
                .extract().path("alertId");
        Pages.until("the first attempt failed", () -> timeline(alertId).stream().anyMatch(m -> m.contains("retrying")));
        dev.klaxon.testing.Settled.await();
        assertEquals(1, posts(p, "Messages"), "attempt 1: one call");
        assertEquals(1, ((Number) row(alertId, "SMS").get("attempts")).intValue());

        later(Duration.ofSeconds(6)); // the first backoff: attempt 2 meets the second 503
        Pages.until("the second attempt failed", () -> posts(p, "Messages") >= 2
                && "PENDING".equals(row(alertId, "SMS").get("status")));
        dev.klaxon.testing.Settled.await();
        assertEquals(2, posts(p, "Messages"), "attempt 2: one more call");
        assertEquals(2, ((Number) row(alertId, "SMS").get("attempts")).intValue());

        later(Duration.ofSeconds(11)); // the second backoff: Twilio works again
        Pages.awaitSms(p, 1);
        Pages.until("the SMS is recorded", () -> "SENT".equals(row(alertId, "SMS").get("status")));
        assertEquals(3, posts(p, "Messages"), "three attempts, three calls");
        assertEquals(3, ((Number) row(alertId, "SMS").get("attempts")).intValue());
    }

    /** A user paged by SMS at once and by a call in 10 minutes, whose SMS fails (one 500: the SDK does not retry). */
    private Paged triggerFailing(String summary) {
        String u = user("Failure " + summary);
        String p = phone();
        rule(u, contact(u, "SMS", p), "PT0S", null);
        rule(u, contact(u, "VOICE", p), "PT10M", null);
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        twilio.failNextTo(p, 500, 1);
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202)
                .extract().path("alertId");
        return new Paged(alertId, p);
    }

    @Test
    void aGarbageAnswerIsReconciledWithTwilioAndSentExactlyOnce() throws Exception {
        String u = user("Failure garbage");
        String phone = phone();
        rule(u, contact(u, "SMS", phone), "PT0S", null);
        rule(u, contact(u, "VOICE", phone), "PT10M", null);
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        twilio.respondGarbageNextTo(phone);
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"unreadable twilio\"}").then().statusCode(202)
                .extract().path("alertId");

        Pages.awaitCall(phone, 1); // routed around while the SMS's fate is unknown
        Pages.until("the SMS waits to be reconciled", () -> timeline(alertId).stream()
                .anyMatch(m -> m.contains("no clear answer from the provider")));
        assertEquals("SENDING", row(alertId, "SMS").get("status"));
        assertEquals(0, twilio.messagesTo(phone).size(), "the fake created nothing for the garbage answer");

        later(Duration.ofSeconds(31)); // Twilio has no record of it: send it
        Pages.awaitSms(phone, 1);
        later(Duration.ofSeconds(31));
        assertEquals(1, twilio.messagesTo(phone).size());
        assertEquals(2, posts(phone, "Messages"), "one garbage answer, one real send");
    }

    @Test
    void aCallThatTimedOutButWasPlacedIsNotPlacedAgain() throws Exception {
        String u = user("Failure hang");
        String phone = phone();
        rule(u, contact(u, "VOICE", phone), "PT0S", null);
        rule(u, contact(u, "SMS", phone), "PT10M", null);
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        twilio.hangNextTo(phone, Duration.ofSeconds(4)); // longer than Klaxon's 2 s response timeout in tests
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"twilio hangs\"}").then().statusCode(202)
                .extract().path("alertId");

        Pages.awaitSms(phone, 1); // the SMS takes over while nobody knows whether the call went out
        assertTrue(timeline(alertId).stream().anyMatch(m -> m.contains("no clear answer") && m.contains("timed out")),
                timeline(alertId).toString());
        Pages.awaitCall(phone, 1); // Twilio placed it after all
        later(Duration.ofSeconds(31));
        Pages.until("the call is settled from Twilio's records", () -> "SENT".equals(row(alertId, "VOICE").get("status")));
        later(Duration.ofMinutes(1));
        assertEquals(1, posts(phone, "Calls"), "asked once, never re-sent");
        assertEquals(twilio.callsTo(phone).get(0).sid(), row(alertId, "VOICE").get("providerId"));
    }

    @Test
    void aStalledVoiceProviderHoldsOnlyItsOwnSlotsAndSmsKeepsGoing() throws Exception {
        // more stalled calls than the whole send pool has threads: without per-channel limits they would take it all
        int stalled = 20;
        List<String> phones = new ArrayList<>();
        List<Map<String, Object>> targets = new ArrayList<>();
        for (int i = 0; i < stalled; i++) {
            String u = user("Stalled " + i);
            String p = phone();
            contact(u, "VOICE", p);
            phones.add(p);
            targets.add(Map.of("type", "USER", "id", u));
        }
        String policyId = admin().body(Map.of("name", "everyone", "steps", List.of(Map.of("delay", "PT1H", "targets", targets))))
                .post("/api/v1/escalation-policies").then().statusCode(201).extract().path("id");
        phones.forEach(p -> twilio.stallNextTo(p, Duration.ofMinutes(2)));
        String smsUser = user("Sms Meanwhile");
        String smsPhone = phone();
        contact(smsUser, "SMS", smsPhone);
        String smsKey = integration(service(policy("PT1H", 0, smsUser)), "GENERIC");
        try {
            String stalledAlert = hook(integration(service(policyId), "GENERIC"), "{\"action\":\"trigger\",\"summary\":\"voice stalls\"}")
                    .then().statusCode(202).extract().path("alertId");
            Pages.until("four calls are stalled", () -> phones.stream().mapToInt(p -> posts(p, "Calls")).sum() >= 4);

            String smsAlert = hook(smsKey, "{\"action\":\"trigger\",\"summary\":\"sms still flows\"}").then().statusCode(202)
                    .extract().path("alertId");
            Pages.awaitSms(smsPhone, 1);
            // the dispatcher has gone round since the calls stalled (the SMS went out and was recorded): the stored
            // rows show the mechanism, four VOICE rows held mid-send and the rest never claimed
            Pages.until("the SMS is recorded", () -> "SENT".equals(row(smsAlert, "SMS").get("status")));
            assertEquals(4, phones.stream().mapToInt(p -> posts(p, "Calls")).sum(),
                    "only the voice channel's 4 slots are held; its other pages wait unclaimed");
            assertEquals(4, voiceRows(stalledAlert, "SENDING"), "calls held mid-send");
            assertEquals(phones.size() - 4, voiceRows(stalledAlert, "PENDING"), "calls waiting for a slot, unclaimed");
            String metrics = Management.metrics();
            assertTrue(metrics.contains("klaxon_dispatch_in_flight{channel=\"VOICE\"} 4.0"), metrics);
        } finally {
            twilio.releaseStalls();
        }
        phones.forEach(p -> Pages.awaitCall(p, 1)); // once released, every call goes, each once
        for (String p : phones) {
            assertEquals(1, posts(p, "Calls"));
        }
    }

    @Test
    void aFailingProviderOpensItsCircuitBreakerAndPagesAreRoutedAroundWithoutTryingIt() throws Exception {
        try {
            // SMS fails until the breaker's window (the last 8 calls) is half failures
            for (int i = 0; i < 12 && breakers.channel("SMS").state() != CircuitBreaker.State.OPEN; i++) {
                String u = user("Failure breaker " + i);
                String p = phone();
                contact(u, "SMS", p);
                twilio.failNextTo(p, 500, 1);
                String alertId = hook(integration(service(policy("PT1H", 0, u)), "GENERIC"),
                        "{\"action\":\"trigger\",\"summary\":\"breaker " + i + "\"}").then().statusCode(202)
                        .extract().path("alertId");
                Pages.until("the SMS failed", () -> timeline(alertId).stream().anyMatch(m -> m.contains("failed")));
            }
            assertEquals(CircuitBreaker.State.OPEN, breakers.channel("SMS").state());
            String u = user("Failure breaker victim");
            String p = phone();
            rule(u, contact(u, "SMS", p), "PT0S", null);
            rule(u, contact(u, "VOICE", p), "PT10M", null);
            String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
            String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"sms provider down\"}").then()
                    .statusCode(202).extract().path("alertId");
            Pages.awaitCall(p, 1);
            assertEquals(0, posts(p, "Messages"), "an open breaker does not even try Twilio");
            assertTrue(timeline(alertId).stream().anyMatch(m -> m.contains("circuit breaker is open")), timeline(alertId).toString());
        } finally {
            dispatcher.resetBreakers();
        }
    }
}
