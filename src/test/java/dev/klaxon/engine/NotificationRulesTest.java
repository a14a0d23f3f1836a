package dev.klaxon.engine;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.KlaxonTestEnvironment;
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
import static dev.klaxon.testing.Api.notifications;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.rule;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-user notification rules: delays, repeats, and when they stop. Time is driven by the test clock. */
@QuarkusTest
class NotificationRulesTest {

    @Inject
    TestClock clock;

    @Inject
    EscalationSweep sweep;

    /** Lets in-flight pages settle, moves the clock, sweeps, and waits until what fell due was sent. */
    private void advance(Duration d) {
        Settled.await();
        clock.advance(d);
        sweep.runOnce();
        Settled.await();
    }

    private static int calls(String phone) {
        return KlaxonTestEnvironment.twilio().callsTo(phone).size();
    }

    private static List<Map<String, Object>> rows(String alertId, String channel) {
        return notifications(alertId).stream().filter(n -> channel.equals(n.get("channel"))).toList();
    }

    @Test
    void smsAtOnceCallAfterAMinuteAndACallEveryFiveMinutesUntilAcknowledged() throws Exception {
        String u = user("Rita Rules");
        String p = phone();
        String sms = contact(u, "SMS", p);
        String voice = contact(u, "VOICE", p);
        rule(u, sms, "PT0S", null);
        rule(u, voice, "PT1M", null);
        rule(u, voice, "PT2M", "PT5M");
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        Instant start = clock.instant();
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"primary db unreachable\"}").then()
                .statusCode(202).extract().path("alertId");

        Pages.awaitSms(p, 1);
        Settled.await();
        assertEquals(0, calls(p), "the call waits for its rule's delay");
        admin().get("/api/v1/users/" + u + "/notification-rules").then().body("repeat", hasItem("PT5M"));

        advance(Duration.ofMinutes(1));
        Pages.awaitCall(p, 1);
        advance(Duration.ofMinutes(1));
        Pages.awaitCall(p, 2);
        advance(Duration.ofMinutes(5));
        Pages.awaitCall(p, 3); // the first repeat, at 7 minutes

        // the next repeat is due at 12 minutes, but 3 calls in 15 minutes is the voice limit: it waits until 16
        advance(Duration.ofMinutes(5));
        Instant releasedAt = start.plus(Duration.ofMinutes(16));
        Pages.until("the 12-minute repeat is held by the rate limit", () -> rows(alertId, "VOICE").stream()
                .anyMatch(n -> Integer.valueOf(2).equals(n.get("repeatIndex")) && "PENDING".equals(n.get("status"))
                        && releasedAt.equals(Instant.parse((String) n.get("notBefore")))));
        assertEquals(3, calls(p));
        assertTrue(Api.timeline(alertId).stream().anyMatch(m -> m.contains("held by rate limit 3 per 15m")));

        advance(Duration.ofMinutes(4));
        Pages.awaitCall(p, 4);

        // acknowledging cancels the next repeat at once; nothing more, however long we wait
        admin().post("/api/v1/alerts/" + alertId + "/acknowledge").then().statusCode(200).body("status", is("acknowledged"));
        assertTrue(rows(alertId, "VOICE").stream().anyMatch(n -> "CANCELED".equals(n.get("status"))
                && Integer.valueOf(3).equals(n.get("repeatIndex"))), notifications(alertId).toString());
        advance(Duration.ofHours(2));
        advance(Duration.ofHours(2));
        assertEquals(4, calls(p));
        assertEquals(1, KlaxonTestEnvironment.twilio().messagesTo(p).size());
    }

    @Test
    void repeatsStopWhenTheEscalationMovesOn() throws Exception {
        String alice = user("Alice Repeats");
        String bob = user("Bob Next");
        String ap = phone();
        String bp = phone();
        rule(alice, contact(alice, "VOICE", ap), "PT0S", "PT4M");
        contact(bob, "SMS", bp);
        String key = integration(service(policy("PT30M", 0, alice, bob)), "GENERIC");
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"payments queue stuck\"}").then()
                .statusCode(202).extract().path("alertId");
        Pages.awaitCall(ap, 1);
        advance(Duration.ofMinutes(4));
        Pages.awaitCall(ap, 2);

        advance(Duration.ofMinutes(1));
        admin().post("/api/v1/alerts/" + alertId + "/escalate").then().statusCode(200);
        Pages.awaitSms(bp, 1);
        assertTrue(rows(alertId, "VOICE").stream().anyMatch(n -> "CANCELED".equals(n.get("status"))),
                "Alice's pending repeat stops when Bob's step starts: " + notifications(alertId));
        advance(Duration.ofMinutes(30));
        advance(Duration.ofMinutes(30));
        assertEquals(2, calls(ap));
    }

    @Test
    void aRepeatingRuleEndsWithItsStep() throws Exception {
        String u = user("Carl Lifetime");
        String p = phone();
        rule(u, contact(u, "VOICE", p), "PT0S", "PT4M");
        String key = integration(service(policy("PT10M", 0, u)), "GENERIC");
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"cron silent\"}").then().statusCode(202)
                .extract().path("alertId");
        Pages.awaitCall(p, 1);
        for (int i = 0; i < 20; i++) {
            advance(Duration.ofMinutes(2));
        }
        // calls at 0, 4 and 8 minutes; a call at 12 would be past the step's 10 minutes, and the policy ended
        Pages.awaitCall(p, 3);
        assertEquals(3, calls(p));
        assertEquals(3, rows(alertId, "VOICE").size(), notifications(alertId).toString());
        assertEquals("triggered", Api.alertStatus(alertId));
    }

    @Test
    void repeatMustBeAtLeastAMinute() {
        String u = user("Vera Validation");
        String cm = contact(u, "VOICE", phone());
        admin().body(Map.of("contactMethodId", cm, "delay", "PT0S", "repeat", "PT10S"))
                .post("/api/v1/users/" + u + "/notification-rules").then().statusCode(400)
                .body("violations.field", hasItem("repeat"));
        admin().body(Map.of("contactMethodId", cm, "delay", "PT0S", "repeat", "often"))
                .post("/api/v1/users/" + u + "/notification-rules").then().statusCode(400);
    }
}
