package dev.klaxon.ingest;

import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

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
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** PagerDuty Events API v2, at /v2/enqueue with PagerDuty's responses and at /hooks/{key} with Klaxon's. */
@QuarkusTest
class PagerDutyIngestTest {

    static Response enqueue(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/v2/enqueue");
    }

    /** An event that breaks the Events API v2 format on purpose: only the answer is held to the OpenAPI document. */
    static Response enqueueInvalid(String json) {
        return dev.klaxon.testing.Api.givenInvalid().contentType(ContentType.JSON).body(json).post("/v2/enqueue");
    }

    static List<Map<String, Object>> alerts(String serviceId) {
        return admin().queryParam("serviceId", serviceId).get("/api/v1/alerts").then().statusCode(200).extract().path("$");
    }

    @Test
    void eventsApiSendersDriveTheWholeLifecycleAtEnqueue() {
        String u = user("Pat");
        String phone = phone();
        contact(u, "SMS", phone);
        String serviceId = service(policy("PT5M", 0, u));
        String key = integration(serviceId, "PAGERDUTY");

        enqueue(Samples.pagerDuty("pagerduty/01-trigger.json", key)).then().statusCode(202)
                .contentType(ContentType.JSON)
                .body("status", is("success")).body("message", is("Event processed"))
                .body("dedup_key", is("srv01/HTTP-latency"));
        String id = (String) alerts(serviceId).get(0).get("id");
        admin().get("/api/v1/alerts/" + id).then()
                .body("status", is("triggered")).body("severity", is("error"))
                .body("summary", is("p99 latency above 2s on api-gateway (srv01.example.com)"))
                .body("source", is("srv01.example.com")).body("dedupKey", is("srv01/HTTP-latency"))
                .body("details.custom_details.'p99 latency'", is("2350ms"))
                .body("details.images[0].src", is("https://monitoring.example.com/graphs/latency-srv01.png"))
                .body("links.href", hasItems("https://monitoring.example.com/hosts/srv01", "https://monitoring.example.com"));
        Pages.awaitSms(phone, 1);

        enqueue(Samples.pagerDuty("pagerduty/02-acknowledge.json", key)).then().statusCode(202)
                .body("dedup_key", is("srv01/HTTP-latency"));
        admin().get("/api/v1/alerts/" + id).then().body("status", is("acknowledged"))
                .body("acknowledgedBy", is("pagerduty:pagerduty"));

        // a trigger for an acknowledged alert is recorded, not paged
        enqueue(Samples.pagerDuty("pagerduty/01-trigger.json", key)).then().statusCode(202);
        admin().get("/api/v1/alerts/" + id).then().body("status", is("acknowledged"));
        List<?> pages = admin().get("/api/v1/alerts/" + id + "/notifications").then().extract().path("$");
        assertEquals(1, pages.size());

        enqueue(Samples.pagerDuty("pagerduty/03-resolve.json", key)).then().statusCode(202);
        admin().get("/api/v1/alerts/" + id).then().body("status", is("resolved")).body("resolvedAt", notNullValue());
        // PagerDuty drops a resolve for a key with nothing open, and answers 202
        enqueue(Samples.pagerDuty("pagerduty/03-resolve.json", key)).then().statusCode(202).body("status", is("success"));

        enqueue(Samples.pagerDuty("pagerduty/01-trigger.json", key)).then().statusCode(202);
        List<Map<String, Object>> all = alerts(serviceId);
        assertEquals(2, all.size(), "a trigger after resolve opens a new alert");
        assertNotEquals(id, all.get(0).get("id"));
    }

    @Test
    void aTriggerWithoutDedupKeyGetsOneToResolveItWith() {
        String serviceId = service(policy("PT5M", 0, user("Quinn")));
        String key = integration(serviceId, "PAGERDUTY");
        String dedupKey = enqueue(Samples.pagerDuty("pagerduty/04-trigger-without-dedup-key.json", key)).then()
                .statusCode(202).body("dedup_key", matchesPattern("[0-9a-f]{32}")).extract().path("dedup_key");
        String other = enqueue(Samples.pagerDuty("pagerduty/04-trigger-without-dedup-key.json", key)).then()
                .statusCode(202).extract().path("dedup_key");
        assertNotEquals(dedupKey, other, "as at PagerDuty, each keyless trigger is an alert of its own");
        enqueue("{\"routing_key\":\"" + key + "\",\"event_action\":\"resolve\",\"dedup_key\":\"" + dedupKey + "\"}")
                .then().statusCode(202);
        Map<Object, Object> statusByKey = alerts(serviceId).stream()
                .collect(java.util.stream.Collectors.toMap(a -> a.get("dedupKey"), a -> a.get("status")));
        assertEquals(Map.of(dedupKey, "resolved", other, "triggered"), statusByKey);
    }

    @Test
    void theSameEventsAtHooksAnswerInKlaxonsShape() {
        String serviceId = service(policy("PT5M", 0, user("Rene")));
        String key = integration(serviceId, "PAGERDUTY");
        String id = hook(key, Samples.text("pagerduty/01-trigger.json")).then().statusCode(202)
                .body("dedupKey", is("srv01/HTTP-latency")).body("status", is("triggered")).body("number", notNullValue())
                .extract().path("alertId");
        hook(key, Samples.text("pagerduty/02-acknowledge.json")).then().statusCode(202).body("alertId", is(id))
                .body("status", is("acknowledged"));
        hook(key, Samples.text("pagerduty/03-resolve.json")).then().statusCode(202).body("status", is("resolved"));
        dev.klaxon.testing.Api.hookInvalid(key, "{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"fatal\"}}")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("payload.severity"));
    }

    @Test
    void invalidEventsAreRefusedThePagerDutyWayAndWriteNothing() throws Exception {
        String serviceId = service(policy("PT5M", 0, user("Sam")));
        String key = integration(serviceId, "PAGERDUTY");
        String rk = "\"routing_key\":\"" + key + "\",";
        List<String> bad = List.of("{", "[]", "{" + rk + "\"event_action\":\"trigger\"}",
                "{" + rk + "\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"fatal\"}}",
                "{" + rk + "\"event_action\":\"trigger\",\"payload\":{\"summary\":17,\"source\":\"h\",\"severity\":\"info\"}}",
                "{" + rk + "\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\"},\"links\":{}}",
                "{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\"}}",
                "{\"routing_key\":7,\"event_action\":\"trigger\"}");
        try (IngestDb db = new IngestDb()) {
            for (String body : bad) {
                enqueueInvalid(body).then().statusCode(400).contentType(ContentType.JSON)
                        .body("status", is("invalid event")).body("message", is("Event object is invalid"))
                        .body("errors.size()", not(0));
            }
            assertEquals(new IngestDb.Footprint(0, 0, 0), db.footprint(serviceId));
        }
        enqueueInvalid("{" + rk + "\"event_action\":\"trigger\",\"payload\":{\"source\":\"h\",\"severity\":\"info\"}}")
                .then().body("errors", hasItem(containsString("payload.summary")));
    }

    @Test
    void routingKeysThatAreNotPagerDutyIntegrationsAreRefused() {
        String serviceId = service(policy("PT5M", 0, user("Tove")));
        String generic = integration(serviceId, "GENERIC");
        enqueue("{\"routing_key\":\"" + generic + "\",\"event_action\":\"resolve\",\"dedup_key\":\"k\"}").then()
                .statusCode(400).body("status", is("invalid event")).body("errors[0]", containsString("PAGERDUTY"));
        for (String unknown : List.of("0123456789abcdef0123456789abcdef", "x".repeat(300), "../../etc/passwd", "k\u0000ey")) {
            enqueue("{\"routing_key\":\"" + unknown.replace("\u0000", "\\u0000") + "\",\"event_action\":\"resolve\",\"dedup_key\":\"k\"}")
                    .then().statusCode(404).contentType(ContentType.JSON).body("status", is("invalid event"));
        }
    }

    @Test
    void wrongContentTypeIs415ThePagerDutyWay() {
        String key = integration(service(policy("PT5M", 0, user("Uma"))), "PAGERDUTY");
        dev.klaxon.testing.Api.givenInvalid().contentType(ContentType.TEXT).body(Samples.pagerDuty("pagerduty/01-trigger.json", key)).post("/v2/enqueue")
                .then().statusCode(415).contentType(ContentType.JSON).body("status", is("invalid event"));
    }
}
