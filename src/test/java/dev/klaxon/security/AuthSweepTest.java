package dev.klaxon.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static dev.klaxon.testing.Api.givenInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every admin API operation the running service publishes in /q/openapi, read at test time, is tried with no token,
 * a bad token and a RESPONDER token. A new endpoint that forgets its role check fails here: a RESPONDER may only
 * read (less the three admin reads below), act on alerts, and manage their own contact methods, rules and feed.
 */
@QuarkusTest
class AuthSweepTest {

    record Op(String method, String template) {
        String path(String self) {
            String p = template.replace("{userId}", self);
            return p.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** Reads that show secrets (tokens, integration keys, the signing secret) or the audit trail: ADMIN only. */
    static final Set<String> ADMIN_READS = Set.of("GET /api/v1/api-tokens", "GET /api/v1/audit-log",
            "GET /api/v1/webhook-signing-secret", "GET /api/v1/services/{id}/integrations");

    /** What a RESPONDER may do besides reading: act on alerts, look after their own settings, take shifts. */
    static boolean responderMay(Op op) {
        if (op.method().equals("GET")) {
            return !ADMIN_READS.contains(op.toString());
        }
        // "take this shift": overrides that put the responder themselves on call (ResponderOverrideTest pins the 403s)
        return op.template().matches("/api/v1/alerts/\\{id}/(acknowledge|resolve|escalate|notes|snooze)")
                || op.template().startsWith("/api/v1/users/{userId}/")
                || op.template().startsWith("/api/v1/schedules/{id}/overrides");
    }

    static List<Op> operations() {
        Map<String, Map<String, Object>> paths = given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<Op> ops = new ArrayList<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                .forEach(m -> ops.add(new Op(m.toUpperCase(), path))));
        List<Op> api = ops.stream().filter(o -> o.template().startsWith("/api/v1/")).toList();
        assertTrue(api.size() >= 60, "the OpenAPI document lists the admin API: " + api.size());
        return api;
    }

    static Response call(RequestSpecification spec, Op op, String self) {
        RequestSpecification s = spec.redirects().follow(false);
        if (!op.method().equals("GET") && !op.method().equals("DELETE")) {
            s = s.contentType(ContentType.JSON).body("{}");
        }
        return s.request(op.method(), op.path(self));
    }

    @Test
    void everyOperationRefusesARequestWithoutAToken() {
        List<String> wrong = new ArrayList<>();
        for (Op op : operations()) {
            Response r = call(givenInvalid(), op, UUID.randomUUID().toString());
            if (r.statusCode() != 401 || !r.contentType().startsWith("application/problem+json")) {
                wrong.add(op + " → " + r.statusCode());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyOperationRefusesABadToken() {
        List<String> wrong = new ArrayList<>();
        for (Op op : operations()) {
            Response r = call(givenInvalid().auth().oauth2("klx_not-a-token-" + UUID.randomUUID()), op, UUID.randomUUID().toString());
            if (r.statusCode() != 401) {
                wrong.add(op + " → " + r.statusCode());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aResponderGets403OnEveryAdminOperationAndNever5xx() {
        Responders r = Responders.create("Sweep Responder");
        List<String> wrong = new ArrayList<>();
        for (Op op : operations()) {
            Response res = call(givenInvalid().auth().oauth2(r.token()), op, r.userId());
            int status = res.statusCode();
            boolean ok = responderMay(op) ? status != 401 && status != 403 && status < 500 : status == 403;
            if (!ok) {
                wrong.add(op + " → " + status + (responderMay(op) ? " (responders may)" : " (admin only)"));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aTokenActsWithTheLowerOfItsOwnRoleAndItsUsersCurrentRole() {
        String u = admin().body(Map.of("name", "Demoted Dora", "email", "dora." + UUID.randomUUID() + "@example.com",
                "role", "ADMIN")).post("/api/v1/users").then().statusCode(201).extract().path("id");
        String token = admin().body(Map.of("name", "dora-admin", "role", "ADMIN", "userId", u))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).get("/api/v1/api-tokens").then().statusCode(200);

        admin().body(Map.of("role", "RESPONDER")).patch("/api/v1/users/" + u).then().statusCode(200);

        given().auth().oauth2(token).get("/api/v1/api-tokens").then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "x", "email", "x@example.com"))
                .post("/api/v1/users").then().statusCode(403);
        given().auth().oauth2(token).get("/api/v1/alerts").then().statusCode(200);
        assertFalse(token.isBlank());
    }

    @Test
    void aTokenOfADeletedUserIsRefused() {
        String u = user("Gone Gina");
        String token = admin().body(Map.of("name", "gina", "role", "RESPONDER", "userId", u))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        admin().delete("/api/v1/users/" + u).then().statusCode(204);
        given().auth().oauth2(token).get("/api/v1/alerts").then().statusCode(401);
    }
}
