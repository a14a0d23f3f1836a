package dev.klaxon.engine;

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
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.rule;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.timeline;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edges of maintenance windows, as the README states them: back-to-back windows count as one, pages a
 * notification rule queued before the window began are not held back, and a later step falling due inside a
 * window waits for its end.
 */
@QuarkusTest
class MaintenanceEdgeCasesTest {

    @Inject
    TestClock clock;

    @Inject
    EscalationSweep escalations;

    private static void window(String serviceId, Instant start, Instant end) {
        admin().body(Map.of("start", start.toString(), "end", end.toString(), "reason", "edge case"))
                .post("/api/v1/services/" + serviceId + "/maintenance").then().statusCode(201);
    }

    private static String trigger(String key, String summary) {
        return hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202)
                .extract().path("alertId");
    }

    private static List<String> pages(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId + "/notifications").then().statusCode(200).extract().path("address");
    }

    /** Lets what is in flight settle, moves the clock, sweeps, and lets what fell due go out. */
    private void advance(Duration d) {
        Settled.await();
        clock.advance(d);
        escalations.runOnce();
        Settled.await();
    }

    @Test
    void backToBackWindowsCountAsOne() {
        String u = user("Back To Back");
        String p = phone();
        contact(u, "SMS", p);
        String serviceId = service(policy("PT10M", 0, u));
        Instant now = clock.instant();
        window(serviceId, now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        Instant secondEnd = now.plus(Duration.ofHours(2));
        window(serviceId, now.plus(Duration.ofHours(1)), secondEnd);
        String alertId = trigger(integration(serviceId, "GENERIC"), "disk swap");
        assertTrue(timeline(alertId).stream().anyMatch(m -> m.startsWith("Service in maintenance until " + secondEnd)),
                "deferred to the end of the second window at once: " + timeline(alertId));

        advance(Duration.ofHours(1).plusSeconds(1)); // the first window is over, the second has begun
        assertEquals(List.of(), pages(alertId));
        assertEquals(0, Pages.sentTo(p));

        advance(Duration.ofHours(1));
        Pages.awaitSms(p, 1);
        Settled.await();
        assertEquals(List.of(p), pages(alertId));
        assertEquals(1, timeline(alertId).stream().filter(m -> m.startsWith("Maintenance over")).count(), timeline(alertId).toString());
    }

    @Test
    void pagesQueuedByARuleBeforeTheWindowBeganAreNotHeldBack() {
        String u = user("Queued Before");
        String p = phone();
        rule(u, contact(u, "SMS", p), "PT0S", null);
        rule(u, contact(u, "VOICE", p), "PT5M", null);
        String serviceId = service(policy("PT1H", 0, u));
        String alertId = trigger(integration(serviceId, "GENERIC"), "queue depth");
        Pages.awaitSms(p, 1);
        Settled.await();
        assertEquals(0, KlaxonTestEnvironment.twilio().callsTo(p).size(), "the call waits for its rule");

        window(serviceId, clock.instant(), clock.instant().plus(Duration.ofHours(1)));
        advance(Duration.ofMinutes(5).plusSeconds(1));
        Pages.awaitCall(p, 1);
        Settled.await();
        assertEquals(1, KlaxonTestEnvironment.twilio().callsTo(p).size());
        assertEquals(2, pages(alertId).size());
    }

    @Test
    void aLaterStepFallingDueInsideAWindowWaitsForItsEnd() {
        String alice = user("Step One");
        String bob = user("Step Two");
        String ap = phone();
        String bp = phone();
        contact(alice, "SMS", ap);
        contact(bob, "SMS", bp);
        String serviceId = service(policy("PT10M", 0, alice, bob));
        String alertId = trigger(integration(serviceId, "GENERIC"), "replication stopped");
        Pages.awaitSms(ap, 1);
        Instant start = clock.instant();
        window(serviceId, start.plus(Duration.ofMinutes(5)), start.plus(Duration.ofHours(1)));

        advance(Duration.ofMinutes(10).plusSeconds(1)); // step 2 is due, inside the window
        assertEquals(0, Pages.sentTo(bp), "step 2 fell due inside the window");
        assertEquals(List.of(ap), pages(alertId));
        assertTrue(timeline(alertId).stream().anyMatch(m -> m.startsWith("Service in maintenance until")
                && m.contains("step 2 pages then")), timeline(alertId).toString());

        advance(Duration.ofMinutes(50)); // the window is over
        Pages.awaitSms(bp, 1);
        Settled.await();
        assertEquals(1, Pages.sentTo(bp));
        assertEquals(1, Pages.sentTo(ap), "step 1 is not paged again");
    }
}
