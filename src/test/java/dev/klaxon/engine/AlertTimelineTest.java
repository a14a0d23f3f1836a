package dev.klaxon.engine;

import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An alert's timeline reads like a postmortem: every event, who did it, how, and when, in order. */
@QuarkusTest
class AlertTimelineTest {

    @Inject
    TestClock clock;

    @Inject
    EscalationSweep escalations;

    private static List<Map<String, Object>> timeline(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId).then().statusCode(200).extract().path("timeline");
    }

    private static Map<String, Object> only(List<Map<String, Object>> timeline, String kind) {
        List<Map<String, Object>> found = timeline.stream().filter(e -> kind.equals(e.get("kind"))).toList();
        assertEquals(1, found.size(), kind + " in " + timeline);
        return found.get(0);
    }

    @Test
    void everyEventOfAnAlertIsOnItsTimelineWithActorAndTimeInOrder() {
        String grace = user("Grace");
        String henry = user("Henry");
        String gracePhone = phone();
        String henryPhone = phone();
        contact(grace, "SMS", gracePhone);
        contact(henry, "SMS", henryPhone);
        String key = integration(service(policy("PT5M", 0, grace, henry)), "GENERIC");
        String body = "{\"action\":\"trigger\",\"dedupKey\":\"payments\",\"summary\":\"payment provider timeouts\"}";

        String alertId = hook(key, body).then().statusCode(202).extract().path("alertId");
        Pages.awaitSms(gracePhone, 1);
        Eventually.until(() -> timeline(alertId).stream().anyMatch(e -> "sent".equals(e.get("kind"))), "step 1 sent");

        Settled.await();
        clock.advance(Duration.ofSeconds(30));
        hook(key, body).then().statusCode(202); // the monitor repeats itself

        Settled.await();
        clock.advance(Duration.ofMinutes(5));
        escalations.runOnce();
        FakeTwilio.RecordedRequest henrySms = Pages.awaitSms(henryPhone, 1).get(0);
        Eventually.until(() -> timeline(alertId).stream().filter(e -> "sent".equals(e.get("kind"))).count() == 2, "step 2 sent");

        Settled.await();
        clock.advance(Duration.ofMinutes(1));
        given().formParam("action", "acknowledge").post("/ack/" + Pages.ackToken(henrySms)).then().statusCode(200);
        Settled.await();
        clock.advance(Duration.ofMinutes(1));
        admin().body(Map.of("text", "failing over to the second provider")).post("/api/v1/alerts/" + alertId + "/notes")
                .then().statusCode(201);
        Settled.await();
        clock.advance(Duration.ofMinutes(10));
        admin().post("/api/v1/alerts/" + alertId + "/resolve").then().statusCode(200);

        List<Map<String, Object>> t = timeline(alertId);
        assertEquals(List.of("triggered", "paged", "sent", "deduplicated", "escalated", "paged", "sent", "acknowledged",
                "note", "resolved"), t.stream().map(e -> e.get("kind")).toList(), t.toString());

        assertEquals("generic:generic", only(t, "triggered").get("actor"));
        assertTrue(((String) t.get(1).get("message")).contains("Grace by SMS " + gracePhone), t.get(1).toString());
        assertTrue(((String) t.get(2).get("message")).startsWith("SMS to " + gracePhone), t.get(2).toString());
        assertTrue(((String) only(t, "escalated").get("message")).contains("Step 1 was not acknowledged"));
        assertTrue(((String) t.get(5).get("message")).contains("Step 2: paging Henry"), t.get(5).toString());
        Map<String, Object> ack = only(t, "acknowledged");
        assertEquals("Henry", ack.get("actor"));
        assertTrue(((String) ack.get("message")).contains("via ack link"), ack.toString());
        assertEquals("bootstrap-admin", only(t, "note").get("actor"));
        assertEquals("bootstrap-admin", only(t, "resolved").get("actor"));

        Instant previous = Instant.MIN;
        for (Map<String, Object> e : t) {
            Instant at = Instant.parse((String) e.get("at"));
            assertFalse(at.isBefore(previous), "in time order: " + t);
            previous = at;
        }
        assertEquals(Instant.parse((String) only(t, "deduplicated").get("at")),
                Instant.parse((String) only(t, "triggered").get("at")).plusSeconds(30));
    }
}
