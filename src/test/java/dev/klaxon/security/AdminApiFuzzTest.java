package dev.klaxon.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.adminInvalid;
import static dev.klaxon.testing.Api.givenInvalid;
import static dev.klaxon.testing.Api.hookInvalid;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Malformed admin requests — wrong types, keys given twice, trailing garbage, deep nesting, durations and instants
 * far outside their documented ranges, ids that are not ids — are 4xx problem+json naming what is wrong, never a 5xx.
 * The requests break the OpenAPI document on purpose, so only the answers are held to it ({@code adminInvalid()}).
 */
@QuarkusTest
class AdminApiFuzzTest {

    static final List<String> BAD_DURATIONS = List.of("PT9223372036854775807S", "P106751991167300D", "PT0.001S", "PT0.5S",
            "-PT1M", "PT0S", "P999999D", "PT-5M", "1h", "", " ", "P1Y");
    static final List<String> BAD_INSTANTS = List.of("+294277-01-01T00:00:00Z", "-290000-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "1900-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T00:00:00", "yesterday", "");

    String serviceId;
    String policyId;
    String userId;
    String scheduleId;
    String alertId;
    String contactMethodId;

    @BeforeEach
    void installation() {
        userId = user("Fuzz Fred");
        contactMethodId = dev.klaxon.testing.Api.contact(userId, "EMAIL", "fred@example.com");
        policyId = policy("PT5M", 0, userId);
        serviceId = service(policyId);
        alertId = hook(integration(serviceId, "GENERIC"), "{\"action\":\"trigger\",\"summary\":\"fuzz\"}")
                .then().statusCode(202).extract().path("alertId");
        scheduleId = admin().body(Map.of("name", "fuzz-" + UUID.randomUUID(), "timeZone", "Europe/Berlin", "layers", List.of(
                        Map.of("name", "w", "rotationStart", "2026-01-05T09:00", "shiftLength", "P1W", "participants", List.of(userId)))))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
    }

    /** Endpoints with a JSON body, each with a body it accepts. */
    Map<String, Map<String, Object>> bodies() {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        m.put("POST /api/v1/users", Map.of("name", "F", "email", "f@example.com", "timeZone", "UTC"));
        m.put("PATCH /api/v1/users/" + userId, Map.of("name", "Fuzz Fred"));
        m.put("POST /api/v1/services", Map.of("name", "s", "escalationPolicyId", policyId, "ackTimeout", "PT30M", "autoResolve", "PT1H"));
        m.put("PATCH /api/v1/services/" + serviceId, Map.of("ackTimeout", "PT30M"));
        m.put("POST /api/v1/services/" + serviceId + "/integrations", Map.of("type", "HEARTBEAT", "name", "h", "heartbeatInterval", "PT1H"));
        m.put("POST /api/v1/services/" + serviceId + "/maintenance", Map.of("start", "2027-01-01T00:00:00Z", "end", "2027-01-02T00:00:00Z"));
        m.put("POST /api/v1/services/" + serviceId + "/checks", Map.of("type", "DOMAIN_EXPIRY", "target", "example.com", "window", "P14D"));
        m.put("POST /api/v1/escalation-policies", Map.of("name", "p", "repeat", 0, "steps",
                List.of(Map.of("delay", "PT5M", "targets", List.of(Map.of("type", "USER", "id", userId))))));
        m.put("POST /api/v1/schedules/" + scheduleId + "/overrides", Map.of("userId", userId, "start", "2027-01-01T00:00:00Z",
                "end", "2027-01-02T00:00:00Z"));
        m.put("POST /api/v1/users/" + userId + "/notification-rules", Map.of("contactMethodId", contactMethodId, "delay", "PT1M"));
        m.put("POST /api/v1/alerts/" + alertId + "/snooze", Map.of("duration", "PT1H"));
        m.put("POST /api/v1/alerts/" + alertId + "/notes", Map.of("text", "looking"));
        m.put("POST /api/v1/teams", Map.of("name", "t", "memberIds", List.of(userId)));
        m.put("POST /api/v1/api-tokens", Map.of("name", "t", "role", "RESPONDER"));
        return m;
    }

    static Response send(String endpoint, String json) {
        String[] mp = endpoint.split(" ", 2);
        return adminInvalid().contentType(ContentType.JSON).body(json).request(mp[0], mp[1]);
    }

    static void expectProblem(List<String> wrong, String what, Response r) {
        int s = r.statusCode();
        String type = r.contentType() == null ? "" : r.contentType();
        if (s < 400 || s >= 500 || !type.startsWith("application/problem+json")) {
            wrong.add(what + " → " + s + " " + type + " " + r.asString().lines().findFirst().orElse(""));
        }
    }

    /** Words a caller should never meet in an error: Jackson's classes, settings and Java type names. */
    static final List<String> INTERNALS = List.of("StreamReadConstraints", "DeserializationFeature", "MapperFeature",
            "JsonParser", "CoercionConfig", "com.fasterxml", "jackson", "java.lang", "java.time", "java.util", "`");

    @Test
    void malformedBodiesAreProblemsInPlainWordsNeverServerErrors() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> wrong = new ArrayList<>();
        for (var e : bodies().entrySet()) {
            String valid = json.writeValueAsString(e.getValue());
            String first = e.getValue().keySet().iterator().next();
            String inner = valid.substring(1, valid.length() - 1);
            List<String> bad = new ArrayList<>(List.of(
                    "{\"" + first + "\":\"a\"," + inner + "}",      // a key given twice
                    valid + "x", valid + " {}", valid + "]",        // trailing garbage
                    "[" + valid + "]", "\"text\"", "42", "null", "{", "",
                    "{\"" + first + "\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                    "{\"" + first + "\":" + "{\"a\":".repeat(500) + "1" + "}".repeat(500) + "}",
                    // past the reader's limits (an unknown field is skipped, but read within them); numbers too large
                    "{\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "," + inner + "}",
                    "{\"x\":" + "9".repeat(500) + "," + inner + "}",
                    "{\"" + first + "\":" + "9".repeat(500) + "}",
                    "{\"" + first + "\":99999999999," + inner + "}"));
            for (String field : e.getValue().keySet()) {
                Object sound = e.getValue().get(field);
                for (String wrongType : List.of("123", "true", "[]", "{}", "1e999", "-1", "\"\\u0000\"")) {
                    boolean sameKind = sound instanceof List ? wrongType.equals("[]") : sound instanceof Number
                            ? List.of("123", "1e999", "-1").contains(wrongType) : false;
                    if (sameKind) {
                        continue; // the right type: whether its value is in range is another test's business
                    }
                    Map<String, Object> copy = new LinkedHashMap<>(e.getValue());
                    copy.remove(field);
                    String rest = json.writeValueAsString(copy);
                    bad.add("{\"" + field + "\":" + wrongType + (copy.isEmpty() ? "}" : "," + rest.substring(1)));
                }
            }
            for (String body : bad) {
                Response r = send(e.getKey(), body);
                expectProblem(wrong, e.getKey() + " " + abbreviate(body), r);
                String answer = r.asString().toLowerCase(java.util.Locale.ROOT);
                INTERNALS.stream().filter(w -> answer.contains(w.toLowerCase(java.util.Locale.ROOT))).findFirst()
                        .ifPresent(w -> wrong.add(e.getKey() + " " + abbreviate(body) + " → names " + w + ": " + answer));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void durationsOutsideTheirRangesAre400sNamingTheField() throws Exception {
        Map<String, String> fields = Map.of(
                "POST /api/v1/services", "ackTimeout", "PATCH /api/v1/services/" + serviceId, "autoResolve",
                "POST /api/v1/services/" + serviceId + "/integrations", "heartbeatInterval",
                "POST /api/v1/services/" + serviceId + "/checks", "window",
                "POST /api/v1/users/" + userId + "/notification-rules", "delay",
                "POST /api/v1/alerts/" + alertId + "/snooze", "duration");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> wrong = new ArrayList<>();
        Map<String, Map<String, Object>> bodies = bodies();
        for (var f : fields.entrySet()) {
            for (String value : BAD_DURATIONS) {
                boolean clears = f.getKey().startsWith("PATCH") && value.isBlank(); // PATCH "" clears the setting
                boolean legal = f.getValue().equals("delay") && value.equals("PT0S"); // page at once
                if (clears || legal) {
                    continue;
                }
                Map<String, Object> body = new LinkedHashMap<>(bodies.get(f.getKey()));
                body.put(f.getValue(), value);
                Response r = send(f.getKey(), json.writeValueAsString(body));
                if (r.statusCode() != 400 || !r.asString().contains(f.getValue())) {
                    wrong.add(f.getKey() + " " + f.getValue() + "=" + value + " → " + r.statusCode() + " " + r.asString());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void instantsOutsideTheDocumentedRangeAre400sNamingTheField() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> wrong = new ArrayList<>();
        Map<String, Map<String, Object>> bodies = bodies();
        for (String endpoint : List.of("POST /api/v1/services/" + serviceId + "/maintenance",
                "POST /api/v1/schedules/" + scheduleId + "/overrides")) {
            for (String field : List.of("start", "end")) {
                for (String value : BAD_INSTANTS) {
                    Map<String, Object> body = new LinkedHashMap<>(bodies.get(endpoint));
                    body.put(field, value);
                    Response r = send(endpoint, json.writeValueAsString(body));
                    if (r.statusCode() != 400 || !r.asString().contains(field)) {
                        wrong.add(endpoint + " " + field + "=" + value + " → " + r.statusCode() + " " + r.asString());
                    }
                }
            }
        }
        for (String value : BAD_INSTANTS) {
            if (value.isEmpty()) {
                continue; // an empty query parameter is an absent one: the default applies
            }
            List<Response> queries = List.of(
                    adminInvalid().queryParam("at", value).get("/api/v1/schedules/" + scheduleId + "/on-call"),
                    adminInvalid().queryParam("from", value).queryParam("to", "2027-01-01T00:00:00Z").get("/api/v1/schedules/" + scheduleId + "/shifts"),
                    adminInvalid().queryParam("from", "2026-12-01T00:00:00Z").queryParam("to", value).get("/api/v1/schedules/" + scheduleId + "/gaps"),
                    adminInvalid().queryParam("from", value).get("/api/v1/reports/services/" + serviceId),
                    adminInvalid().queryParam("to", value).get("/api/v1/reports/services/" + serviceId));
            for (Response r : queries) {
                if (r.statusCode() != 400) {
                    wrong.add("query " + value + " → " + r.statusCode() + " " + r.asString());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void invalidIdsAreNotFoundOrBadRequestNeverServerErrors() {
        List<String> wrong = new ArrayList<>();
        for (String id : List.of("not-a-uuid", "%00", "..%2F..", "x".repeat(3000), "00000000-0000-0000-0000-00000000000g", "' OR 1=1 --")) {
            for (String path : List.of("/api/v1/users/", "/api/v1/services/", "/api/v1/alerts/", "/api/v1/schedules/",
                    "/api/v1/escalation-policies/", "/api/v1/teams/")) {
                expectProblem(wrong, "GET " + path + abbreviate(id), adminInvalid().get(path + id));
                expectProblem(wrong, "DELETE " + path + abbreviate(id), adminInvalid().delete(path + id));
            }
            expectProblem(wrong, "ack " + abbreviate(id), adminInvalid().post("/api/v1/alerts/" + id + "/acknowledge"));
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void looseValuesAreRefused() {
        // numbers and booleans are not strings
        adminInvalid().body("{\"name\":123,\"email\":\"n@example.com\"}").post("/api/v1/users").then().statusCode(400);
        adminInvalid().body("{\"text\":true}").post("/api/v1/alerts/" + alertId + "/notes").then().statusCode(400);
        // a check target is a host name, not an essay
        adminInvalid().body(Map.of("type", "TLS_CERTIFICATE", "target", "a".repeat(5000) + ".example.com:443"))
                .post("/api/v1/services/" + serviceId + "/checks").then().statusCode(400)
                .contentType("application/problem+json").body(org.hamcrest.Matchers.containsString("target"));
        // notes speak JSON like every other body
        givenInvalid().auth().oauth2(dev.klaxon.testing.KlaxonTest.ADMIN_TOKEN).contentType(ContentType.TEXT).body("plain words")
                .post("/api/v1/alerts/" + alertId + "/notes").then().statusCode(415).contentType("application/problem+json");
        // a delay that would round to zero is not silently zero
        adminInvalid().body(Map.of("name", "p", "repeat", 0, "steps", List.of(Map.of("delay", "PT0.4S",
                "targets", List.of(Map.of("type", "USER", "id", userId)))))).post("/api/v1/escalation-policies")
                .then().statusCode(400);
    }

    @Test
    void aNumberTooLargeForItsFieldIsOutOfRangeNamingTheField() {
        String body = "{\"name\":\"p\",\"repeat\":99999999999,\"steps\":[{\"delay\":\"PT5M\",\"targets\":"
                + "[{\"type\":\"USER\",\"id\":\"" + userId + "\"}]}]}";
        adminInvalid().body(body).post("/api/v1/escalation-policies").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.equalTo("repeat: number out of range"))
                .body("violations[0].field", org.hamcrest.Matchers.equalTo("repeat"));
        // an unknown field is skipped, not refused, but it is read within the same limits
        adminInvalid().body("{\"x\":" + "[".repeat(100) + "]".repeat(100) + ",\"name\":\"N\",\"email\":\"n@example.com\"}")
                .post("/api/v1/users").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("nested deeper than 64 levels"));
    }

    @Test
    void duplicateKeysAreRefusedOnIngestToo() {
        String key = integration(serviceId, "GENERIC");
        hookInvalid(key, "{\"action\":\"trigger\",\"summary\":\"a\",\"summary\":\"b\"}").then().statusCode(400)
                .contentType("application/problem+json");
        givenInvalid().contentType(ContentType.JSON).body("{\"routing_key\":\"" + integration(serviceId, "PAGERDUTY")
                + "\",\"event_action\":\"trigger\",\"event_action\":\"resolve\",\"payload\":{\"summary\":\"x\","
                + "\"source\":\"s\",\"severity\":\"info\"}}").post("/v2/enqueue").then().statusCode(400);
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
