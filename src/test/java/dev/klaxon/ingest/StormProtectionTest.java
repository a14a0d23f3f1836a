package dev.klaxon.ingest;

import dev.klaxon.testing.Pages;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Storm protection at ingest: a per-integration rate limit (default 120 events per minute, burst 120) and a cap on
 * a service's open alerts (default 500), past which new alerts fold into one overflow alert.
 */
@QuarkusTest
class StormProtectionTest {

    static final int BURST = 120;

    @Inject
    TestClock clock;

    /** Spends an integration's whole burst with cheap, refused bodies (the limit counts requests, not alerts). */
    static void spendBurst(String path) {
        for (int i = 0; i < BURST; i++) {
            given().contentType(ContentType.JSON).body("{}").post(path).then().statusCode(400);
        }
    }

    @Test
    void alertmanagerAndGrafanaAreToldToRetryWith503BecauseTheyDrop4xx() {
        for (String type : List.of("ALERTMANAGER", "GRAFANA")) {
            String serviceId = service(policy("PT5M", 0, user("Vic")));
            String key = integration(serviceId, type);
            spendBurst("/hooks/" + key);
            hook(key, Samples.text("alertmanager/01-firing-one-alert.json")).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "1");
            // refused before anything was stored: the sender retries, and a retry must not find half an alert
            admin().queryParam("serviceId", serviceId).get("/api/v1/alerts").then().statusCode(200)
                    .body("$", org.hamcrest.Matchers.empty());
            clock.advance(Duration.ofSeconds(1)); // 120 per minute: two tokens a second
            hook(key, "{}").then().statusCode(400);
            hook(key, "{}").then().statusCode(400);
            hook(key, "{}").then().statusCode(503);
        }
    }

    @Test
    void pagerDutyAndGenericSendersGet429WithRetryAfter() {
        String serviceId = service(policy("PT5M", 0, user("Wen")));
        String pd = integration(serviceId, "PAGERDUTY");
        for (int i = 0; i < BURST; i++) {
            // invalid events on purpose (no event_action): only the answers are held to the OpenAPI document
            dev.klaxon.testing.Api.givenInvalid().contentType(ContentType.JSON).body("{\"routing_key\":\"" + pd + "\"}").post("/v2/enqueue").then().statusCode(400);
        }
        given().contentType(ContentType.JSON).body(Samples.pagerDuty("pagerduty/01-trigger.json", pd)).post("/v2/enqueue")
                .then().statusCode(429).contentType(ContentType.JSON).header("Retry-After", "1")
                .body("status", is("throttle event"));
        hook(pd, Samples.text("pagerduty/01-trigger.json")).then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", "1");

        String generic = integration(serviceId, "GENERIC");
        spendBurst("/hooks/" + generic);
        hook(generic, "{\"action\":\"trigger\",\"summary\":\"one too many\"}").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", "1");
        admin().queryParam("serviceId", serviceId).get("/api/v1/alerts").then().body("size()", is(0));
        clock.advance(Duration.ofSeconds(30));
        hook(generic, "{\"action\":\"trigger\",\"summary\":\"one too many\"}").then().statusCode(202);
    }

    @Test
    void pastTheOpenAlertCapNewAlertsFoldIntoOneOverflowAlertThatPagesOnce() throws Exception {
        String u = user("Xia");
        String phone = phone();
        contact(u, "SMS", phone);
        String serviceId = service(policy("PT5M", 0, u));
        String key = integration(serviceId, "GENERIC");
        try (IngestDb db = new IngestDb()) {
            db.openAlerts(serviceId, 500);

            String overflow = hook(key, "{\"action\":\"trigger\",\"summary\":\"disk full on web-1\"}").then().statusCode(202)
                    .body("dedupKey", is(Ingestion.OVERFLOW_KEY)).body("status", is("triggered")).extract().path("alertId");
            admin().get("/api/v1/alerts/" + overflow).then()
                    .body("summary", startsWith("Too many open alerts on service-"))
                    .body("timeline.message", hasItem("folded in: disk full on web-1"));
            assertEquals(overflow, hook(key, "{\"action\":\"trigger\",\"summary\":\"disk full on web-2\"}").then()
                    .statusCode(202).extract().path("alertId"));
            List<String> timeline = admin().get("/api/v1/alerts/" + overflow).then().body("timeline.message",
                    hasItem("folded in: disk full on web-2")).extract().path("timeline.message");
            hook(key, "{\"action\":\"trigger\",\"summary\":\"disk full on web-2\"}").then().statusCode(202);
            assertEquals(timeline.size(), admin().get("/api/v1/alerts/" + overflow).then().extract()
                    .<List<String>>path("timeline.message").size(), "a folded alert repeating is not news");

            // alerts already open still take their updates
            String existing = hook(key, "{\"action\":\"trigger\",\"dedupKey\":\"storm-7\",\"summary\":\"storm 7\"}").then()
                    .statusCode(202).body("dedupKey", is("storm-7")).extract().path("alertId");
            assertNotEquals(overflow, existing);
            hook(key, "{\"action\":\"resolve\",\"dedupKey\":\"storm-8\"}").then().statusCode(202).body("status", is("resolved"));

            assertEquals(500, db.openAlertCount(serviceId), "499 storm alerts and the overflow alert");
            Pages.awaitSms(phone, 1);
            List<?> pages = admin().get("/api/v1/alerts/" + overflow + "/notifications").then().extract().path("$");
            assertEquals(1, pages.size());
        }
    }
}
