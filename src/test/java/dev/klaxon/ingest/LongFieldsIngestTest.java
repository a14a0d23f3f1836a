package dev.klaxon.ingest;

import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.sample;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A monitoring system drops an event it gets a 4xx for, so a long field must never cost a page: lengths count
 * characters (code points), and a field that is too long is shortened with "…", its full text kept in details.
 */
@QuarkusTest
class LongFieldsIngestTest {

    private static Map<String, Object> alert(String id) {
        return admin().get("/api/v1/alerts/" + id).then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @Test
    void emojiCountAsOneCharacterEach() {
        String phone = phone();
        String u = user("Emoji Reader");
        contact(u, "SMS", phone);
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        String fire = "🔥".repeat(1024); // 1,024 characters, 2,048 UTF-16 units
        String id = hook(key, "{\"action\":\"trigger\",\"summary\":\"" + fire + "\"}").then().statusCode(202)
                .extract().path("alertId");
        assertEquals(fire, alert(id).get("summary"), "1,024 emoji are within the limit, not shortened");
        String mixed = "a".repeat(700) + "🔥".repeat(300);
        hook(key, "{\"action\":\"trigger\",\"dedupKey\":\"mixed\",\"summary\":\"" + mixed + "\"}").then().statusCode(202);
        Pages.awaitSms(phone, 2);
    }

    @Test
    void aTooLongGenericSummaryIsShortenedAndPagesWithTheFullTextInDetails() {
        String phone = phone();
        String u = user("Long Reader");
        contact(u, "SMS", phone);
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        String full = "x".repeat(1025);
        String id = hook(key, "{\"action\":\"trigger\",\"summary\":\"" + full + "\",\"details\":{\"host\":\"db1\"}}")
                .then().statusCode(202).extract().path("alertId");
        Map<String, Object> a = alert(id);
        assertEquals("x".repeat(1023) + "…", a.get("summary"));
        @SuppressWarnings("unchecked") Map<String, Object> details = (Map<String, Object>) a.get("details");
        assertEquals("db1", details.get("host"));
        assertEquals(Map.of("summary", full), details.get("fullText"));
        Pages.awaitSms(phone, 1);

        String emoji = "🔥".repeat(1500);
        String id2 = hook(key, "{\"action\":\"trigger\",\"dedupKey\":\"e\",\"summary\":\"" + emoji + "\"}").then().statusCode(202)
                .extract().path("alertId");
        assertEquals("🔥".repeat(1023) + "…", alert(id2).get("summary"));
    }

    @Test
    void aTooLongDedupKeyStaysOneAlertThatCanBeResolved() {
        String key = integration(service(policy("PT5M", 0, user("Key Holder"))), "GENERIC");
        String longKey = "k".repeat(300);
        String id = hook(key, "{\"action\":\"trigger\",\"dedupKey\":\"" + longKey + "\",\"summary\":\"s\"}").then()
                .statusCode(202).extract().path("alertId");
        hook(key, "{\"action\":\"trigger\",\"dedupKey\":\"" + longKey + "\",\"summary\":\"s\"}").then()
                .statusCode(202).body("alertId", is(id));
        hook(key, "{\"action\":\"resolve\",\"dedupKey\":\"" + longKey + "\"}").then().statusCode(202)
                .body("alertId", is(id)).body("status", is("resolved"));
        @SuppressWarnings("unchecked") Map<String, Object> fullText = (Map<String, Object>) ((Map<String, Object>) alert(id).get("details")).get("fullText");
        assertEquals(longKey, fullText.get("dedupKey"));
    }

    @Test
    void pagerDutyTooLongFieldsAreShortenedNotRefused() {
        String phone = phone();
        String u = user("Pd Reader");
        contact(u, "SMS", phone);
        String key = integration(service(policy("PT5M", 0, u)), "PAGERDUTY");
        String full = "s".repeat(1100);
        String id = hook(key, "{\"event_action\":\"trigger\",\"dedup_key\":\"" + "d".repeat(400) + "\",\"payload\":{\"summary\":\""
                + full + "\",\"source\":\"" + "h".repeat(2000) + "\",\"severity\":\"info\"}}").then().statusCode(202)
                .extract().path("alertId");
        Map<String, Object> a = alert(id);
        assertEquals(1024, ((String) a.get("summary")).codePointCount(0, ((String) a.get("summary")).length()));
        assertTrue(((String) a.get("summary")).endsWith("…"));
        @SuppressWarnings("unchecked") Map<String, Object> fullText = (Map<String, Object>) ((Map<String, Object>) a.get("details")).get("fullText");
        assertEquals(full, fullText.get("payload.summary"));
        Pages.awaitSms(phone, 1);
    }

    @Test
    void alertmanagerKeepsTheFullSummaryInDetailsToo() {
        String key = integration(service(policy("PT5M", 0, user("Am Reader"))), "ALERTMANAGER");
        String full = "y".repeat(1500);
        String body = sample("alertmanager/01-firing-one-alert.json").replaceAll("\"summary\"\\s*:\\s*\"[^\"]*\"", "\"summary\": \"" + full + "\"");
        assertTrue(body.contains(full), "the sample has a summary annotation");
        String id = hook(key, body).then().statusCode(202).extract().path("alertId");
        Map<String, Object> a = alert(id);
        assertTrue(((String) a.get("summary")).endsWith("…"));
        @SuppressWarnings("unchecked") Map<String, Object> fullText = (Map<String, Object>) ((Map<String, Object>) a.get("details")).get("fullText");
        assertTrue(((String) fullText.get("summary")).endsWith(full));
    }

    @Test
    void adminNamesCountCharactersToo() {
        admin().body(Map.of("name", "🔥".repeat(200), "email", "fire" + System.nanoTime() + "@example.com", "timeZone", "UTC"))
                .post("/api/v1/users").then().statusCode(201);
        admin().body(Map.of("name", "🔥".repeat(201), "email", "fire" + System.nanoTime() + "@example.com", "timeZone", "UTC"))
                .post("/api/v1/users").then().statusCode(400).body("violations[0].field", is("name"))
                .body("violations[0].message", is("must be at most 200 characters"));
    }
}
