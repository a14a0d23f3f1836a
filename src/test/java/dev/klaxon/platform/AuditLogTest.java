package dev.klaxon.platform;

import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AuditLogTest {

    @Inject
    TestClock clock;

    private static List<Map<String, Object>> recent() {
        return admin().get("/api/v1/audit-log?limit=500").then().statusCode(200).extract().path("$");
    }

    private static Map<String, Object> entry(List<Map<String, Object>> log, String action, String type, String id) {
        return log.stream().filter(e -> action.equals(e.get("action")) && type.equals(e.get("entityType"))
                        && id.equals(e.get("entityId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no audit entry " + action + " " + type + " " + id + " in " + log));
    }

    @Test
    void configurationChangesAreRecordedWithActorAndNoSecrets() {
        String user = user("Audit Ada");
        String phone = phone();
        String cm = contact(user, "SMS", phone);
        String policy = policy("PT5M", 0, user);
        String service = service(policy);
        Response integrationCreated = admin().body(Map.of("type", "GENERIC", "name", "prometheus"))
                .post("/api/v1/services/" + service + "/integrations");
        String integration = integrationCreated.then().statusCode(201).extract().path("id");
        String integrationKey = integrationCreated.path("key");
        admin().body(Map.of("name", "renamed-service")).patch("/api/v1/services/" + service).then().statusCode(200);
        String window = admin().body(Map.of("start", clock.instant().toString(),
                        "end", clock.instant().plus(Duration.ofHours(1)).toString(), "reason", "patching"))
                .post("/api/v1/services/" + service + "/maintenance").then().statusCode(201).extract().path("id");
        Response tokenCreated = admin().body(Map.of("name", "ci", "role", "ADMIN")).post("/api/v1/api-tokens");
        String token = tokenCreated.then().statusCode(201).extract().path("id");
        String secret = tokenCreated.path("token");
        admin().delete("/api/v1/api-tokens/" + token).then().statusCode(204);
        admin().delete("/api/v1/users/" + user + "/contact-methods/" + cm).then().statusCode(204);

        List<Map<String, Object>> log = recent();
        entry(log, "created", "user", user);
        Map<String, Object> cmEntry = entry(log, "created", "contact-method", cm);
        entry(log, "deleted", "contact-method", cm);
        entry(log, "created", "escalation-policy", policy);
        entry(log, "created", "service", service);
        assertEquals("service renamed-service", entry(log, "updated", "service", service).get("summary"));
        Map<String, Object> integrationEntry = entry(log, "created", "integration", integration);
        entry(log, "created", "maintenance-window", window);
        Map<String, Object> tokenEntry = entry(log, "created", "api-token", token);
        entry(log, "deleted", "api-token", token);

        assertEquals("bootstrap-admin", tokenEntry.get("actor"));
        assertNotNull(tokenEntry.get("at"));
        String all = log.toString();
        assertFalse(all.contains(secret), "a token never appears in the audit log");
        assertFalse(all.contains(integrationKey), "an integration key never appears in the audit log");
        assertFalse(all.contains(phone), "contact addresses stay out of the audit log");
        assertTrue(((String) cmEntry.get("summary")).contains("SMS"), cmEntry.toString());
        assertTrue(((String) integrationEntry.get("summary")).contains("GENERIC"), integrationEntry.toString());
    }

    @Test
    void theLogIsNewestFirstAndPages() {
        // unique names: the log is app-wide, so the test recognises its own entries instead of trusting "newest"
        String tag = java.util.UUID.randomUUID().toString().substring(0, 8);
        user("Audit Paging One " + tag);
        user("Audit Paging Two " + tag);
        user("Audit Paging Three " + tag);
        Response first = admin().get("/api/v1/audit-log?limit=2");
        first.then().statusCode(200);
        List<Integer> ids = first.path("id");
        assertEquals(2, ids.size());
        assertTrue(ids.get(0) > ids.get(1));
        assertTrue(((String) first.path("[0].summary")).contains("Audit Paging Three " + tag), first.asString());
        assertTrue(((String) first.path("[1].summary")).contains("Audit Paging Two " + tag), first.asString());
        String link = first.header("Link");
        assertTrue(link != null && link.contains("after=" + ids.get(1)) && link.contains("rel=\"next\""), link);
        List<Integer> next = admin().get("/api/v1/audit-log?limit=2&after=" + ids.get(1)).then().statusCode(200)
                .extract().path("id");
        assertTrue(next.get(0) < ids.get(1), next.toString());
        admin().get("/api/v1/audit-log?limit=0").then().statusCode(400);
    }

    @Test
    void onlyAdminsReadTheLog() {
        String responder = user("Audit Responder");
        String token = admin().body(Map.of("name", "responder", "role", "RESPONDER", "userId", responder))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).get("/api/v1/audit-log").then().statusCode(403);
        given().get("/api/v1/audit-log").then().statusCode(401);
    }
}
