package dev.klaxon.engine;

import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.alertStatus;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What happens to an alert after it opened: ack timeout, auto-resolve, escalate, notes, snooze, dedup. */
@QuarkusTest
class AlertLifecycleTest {

    @Inject
    TestClock clock;

    @Inject
    EscalationSweep escalations;

    @Inject
    LifecycleSweep lifecycle;

    /** Two responders with an SMS each; the policy pages them in order, {@code delay} apart. */
    record Setup(String alicePhone, String bobPhone, String serviceId, String key) {
    }

    private Setup setup(String delay, Map<String, String> serviceSettings) {
        String alice = user("Alice");
        String bob = user("Bob");
        String alicePhone = phone();
        String bobPhone = phone();
        contact(alice, "SMS", alicePhone);
        contact(bob, "SMS", bobPhone);
        Map<String, Object> body = new HashMap<>(serviceSettings);
        body.put("name", "lifecycle-" + ThreadLocalRandom.current().nextInt(1_000_000));
        body.put("escalationPolicyId", policy(delay, 0, alice, bob));
        var created = admin().body(body).post("/api/v1/services").then().statusCode(201);
        serviceSettings.forEach((k, v) -> created.body(k, is(v))); // lengths come back as ISO-8601
        String serviceId = created.extract().path("id");
        return new Setup(alicePhone, bobPhone, serviceId, integration(serviceId, "GENERIC"));
    }

    private static String trigger(String key, String dedupKey, String summary) {
        return hook(key, "{\"action\":\"trigger\",\"dedupKey\":\"" + dedupKey + "\",\"summary\":\"" + summary + "\"}")
                .then().statusCode(202).extract().path("alertId");
    }

    private static List<String> timelineKinds(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId).then().statusCode(200).extract().path("timeline.kind");
    }

    /** Pages written for an alert, by address, in order: what was decided, whatever is still in flight. */
    private static List<String> pages(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId + "/notifications").then().statusCode(200).extract().path("address");
    }

    private static void awaitStatus(String alertId, String status) {
        Eventually.await(() -> alertStatus(alertId), status::equals, "alert " + alertId + " " + status);
    }

    @Test
    void acknowledgedAlertIsRetriggeredAfterAckTimeoutAndEscalationRestartsAtStepOne() {
        Setup s = setup("PT5M", Map.of("ackTimeout", "PT30M"));
        String alertId = trigger(s.key(), "db-latency", "db latency high");
        Pages.awaitSms(s.alicePhone(), 1);
        admin().post("/api/v1/alerts/" + alertId + "/acknowledge").then().statusCode(200).body("status", is("acknowledged"));

        Settled.await();
        clock.advance(Duration.ofMinutes(29));
        lifecycle.runOnce();
        escalations.runOnce();
        assertEquals("acknowledged", alertStatus(alertId));

        Settled.await();
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        lifecycle.runOnce();
        awaitStatus(alertId, "triggered");
        Pages.awaitSms(s.alicePhone(), 2); // step 1 again, not step 2
        assertEquals(List.of(s.alicePhone(), s.alicePhone()), pages(alertId));
        admin().get("/api/v1/alerts/" + alertId).then()
                .body("acknowledgedBy", is((Object) null))
                .body("timeline.kind", hasItem("ack-timeout-set"))
                .body("timeline.kind", hasItem("ack-timeout"));

        // and the restarted escalation carries on to step 2
        Settled.await();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        escalations.runOnce();
        Pages.awaitSms(s.bobPhone(), 1);
    }

    @Test
    void aDuplicateSecondsAfterTheLastTriggerStillPostponesAutoResolve() {
        // a counted duplicate writes last_triggered_at at most once a minute (AlertService.TRIGGER_TIME_LAG):
        // the sweep must still go by the duplicate's own time
        Setup s = setup("PT10M", Map.of("autoResolve", "PT1H"));
        String alertId = trigger(s.key(), "disk", "disk full");
        Settled.await();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(alertId, trigger(s.key(), "disk", "disk full"));

        Settled.await();
        clock.advance(Duration.ofHours(1).minusSeconds(20)); // an hour and 10 s after opening, 20 s short of an hour after the duplicate
        lifecycle.runOnce();
        assertNotEquals("resolved", alertStatus(alertId));

        clock.advance(Duration.ofSeconds(41));
        lifecycle.runOnce();
        awaitStatus(alertId, "resolved");
    }

    @Test
    void alertWithoutNewTriggerForAutoResolveIsResolved() {
        Setup s = setup("PT10M", Map.of("autoResolve", "PT1H"));
        String alertId = trigger(s.key(), "cpu", "cpu hot");
        Settled.await();
        clock.advance(Duration.ofMinutes(40));
        assertEquals(alertId, trigger(s.key(), "cpu", "cpu hot")); // the monitor still sees it

        Settled.await();
        clock.advance(Duration.ofMinutes(40)); // 80 minutes after opening, 40 after the last trigger
        lifecycle.runOnce();
        assertNotEquals("resolved", alertStatus(alertId));

        Settled.await();
        clock.advance(Duration.ofMinutes(20).plusSeconds(1));
        lifecycle.runOnce();
        awaitStatus(alertId, "resolved");
        List<String> kinds = timelineKinds(alertId);
        assertTrue(kinds.indexOf("auto-resolve") >= 0 && kinds.indexOf("auto-resolve") < kinds.indexOf("resolved"), kinds.toString());
    }

    @Test
    void escalatePagesTheNextStepAtOnce() {
        Setup s = setup("PT30M", Map.of());
        String alertId = trigger(s.key(), "disk", "disk full");
        Pages.awaitSms(s.alicePhone(), 1);
        assertEquals(List.of(s.alicePhone()), pages(alertId));

        admin().post("/api/v1/alerts/" + alertId + "/escalate").then().statusCode(200).body("status", is("triggered"));
        Pages.awaitSms(s.bobPhone(), 1); // without the clock moving
        admin().get("/api/v1/alerts/" + alertId).then().body("timeline.kind", hasItem("escalation-requested"));

        admin().post("/api/v1/alerts/" + alertId + "/resolve").then().statusCode(200);
        admin().post("/api/v1/alerts/" + alertId + "/escalate").then().statusCode(409);
    }

    @Test
    void notesAreAddedToTheTimelineWithTheirAuthor() {
        Setup s = setup("PT30M", Map.of());
        String alertId = trigger(s.key(), "net", "packet loss");
        admin().body(Map.of("text", "Looking into it; upstream ISP ticket 4711")).post("/api/v1/alerts/" + alertId + "/notes")
                .then().statusCode(201)
                .body("timeline.find { it.kind == 'note' }.actor", is("bootstrap-admin"))
                .body("timeline.find { it.kind == 'note' }.message", is("Looking into it; upstream ISP ticket 4711"));
        admin().body(Map.of("text", " ")).post("/api/v1/alerts/" + alertId + "/notes").then().statusCode(400)
                .body("violations[0].field", is("text"));
    }

    @Test
    void snoozeAcknowledgesForTheDurationThenRetriggers() {
        Setup s = setup("PT5M", Map.of());
        String alertId = trigger(s.key(), "queue", "queue backlog");
        Pages.awaitSms(s.alicePhone(), 1);

        admin().body(Map.of("duration", "PT1H")).post("/api/v1/alerts/" + alertId + "/snooze").then().statusCode(200)
                .body("status", is("acknowledged"))
                .body("timeline.find { it.kind == 'snoozed' }.message", containsString("for PT1H"));

        Settled.await();
        clock.advance(Duration.ofMinutes(59));
        lifecycle.runOnce();
        escalations.runOnce();
        assertEquals("acknowledged", alertStatus(alertId));
        assertEquals(List.of(s.alicePhone()), pages(alertId), "a snoozed alert does not escalate");

        Settled.await();
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        lifecycle.runOnce();
        awaitStatus(alertId, "triggered");
        Pages.awaitSms(s.alicePhone(), 2);
        assertEquals(List.of(s.alicePhone(), s.alicePhone()), pages(alertId));
        admin().get("/api/v1/alerts/" + alertId).then().body("timeline.kind", hasItem("snooze-ended"));
    }

    @Test
    void snoozeIsValidatedAndRefusedForResolvedAlerts() {
        Setup s = setup("PT5M", Map.of());
        String alertId = trigger(s.key(), "mem", "memory");
        admin().body(Map.of("duration", "soon")).post("/api/v1/alerts/" + alertId + "/snooze").then().statusCode(400)
                .body("violations[0].field", is("duration"));
        admin().body(Map.of("duration", "P30D")).post("/api/v1/alerts/" + alertId + "/snooze").then().statusCode(400);
        admin().post("/api/v1/alerts/" + alertId + "/resolve").then().statusCode(200);
        admin().body(Map.of("duration", "PT1H")).post("/api/v1/alerts/" + alertId + "/snooze").then().statusCode(409);
    }

    @Test
    void triggerForAnAcknowledgedAlertIsRecordedWithoutPaging() {
        Setup s = setup("PT5M", Map.of());
        String alertId = trigger(s.key(), "api-5xx", "api errors");
        Pages.awaitSms(s.alicePhone(), 1);
        admin().post("/api/v1/alerts/" + alertId + "/acknowledge").then().statusCode(200);

        assertEquals(alertId, trigger(s.key(), "api-5xx", "api errors"));
        assertEquals(List.of(s.alicePhone()), pages(alertId));
        assertEquals("acknowledged", alertStatus(alertId));
        List<String> kinds = timelineKinds(alertId);
        assertTrue(kinds.indexOf("deduplicated") > kinds.indexOf("acknowledged"), kinds.toString());
        assertEquals(1, kinds.stream().filter("paged"::equals).count(), kinds.toString());
    }

    @Test
    void triggerAfterResolveOpensANewAlert() {
        Setup s = setup("PT5M", Map.of());
        String first = trigger(s.key(), "login", "login failures");
        Pages.awaitSms(s.alicePhone(), 1);
        admin().post("/api/v1/alerts/" + first + "/resolve").then().statusCode(200);

        String second = trigger(s.key(), "login", "login failures");
        assertNotEquals(first, second);
        assertEquals("resolved", alertStatus(first));
        assertEquals("triggered", alertStatus(second));
        Pages.awaitSms(s.alicePhone(), 2);
        admin().get("/api/v1/alerts/" + first).then().body("timeline.kind", not(hasItem("deduplicated")));
    }
}
