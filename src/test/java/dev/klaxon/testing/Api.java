package dev.klaxon.testing;

import dev.klaxon.notify.twilio.TwilioSignature;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shapes a test installation through the public API, the way an administrator would. Every request built here is
 * held to the published OpenAPI document, request and response ({@link OpenApiValidation}): tests use
 * {@link #given()} instead of REST Assured's own.
 */
public final class Api {

    private Api() {
    }

    /** A request whose exchange must match the published OpenAPI document, both ways. */
    public static RequestSpecification given() {
        return RestAssured.given().filter(OpenApiValidation.STRICT);
    }

    /**
     * A request that breaks the document on purpose (malformed or wrongly typed JSON, no or a bad token, a body over
     * the limit, an unknown path): the request is not checked, the answer still must be documented.
     */
    public static RequestSpecification givenInvalid() {
        return RestAssured.given().filter(OpenApiValidation.RESPONSES);
    }

    public static RequestSpecification admin() {
        return given().auth().oauth2(KlaxonTest.ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    /** {@link #admin()} for a request that breaks the document on purpose (see {@link #givenInvalid()}). */
    public static RequestSpecification adminInvalid() {
        return givenInvalid().auth().oauth2(KlaxonTest.ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    /** A valid, unique German mobile number. */
    public static String phone() {
        return "+49151" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    public static String user(String name) {
        return admin().body(Map.of("name", name, "email", name.toLowerCase().replace(' ', '.') + "."
                        + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com", "timeZone", "Europe/Berlin"))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
    }

    public static String contact(String userId, String type, String address) {
        return admin().body(Map.of("type", type, "address", address, "label", type.toLowerCase()))
                .post("/api/v1/users/" + userId + "/contact-methods").then().statusCode(201).extract().path("id");
    }

    /** A policy whose steps page one user each, in order. */
    public static String policy(String delay, int repeat, String... userIds) {
        List<Map<String, Object>> steps = java.util.Arrays.stream(userIds)
                .map(u -> Map.<String, Object>of("delay", delay, "targets", List.of(Map.of("type", "USER", "id", u))))
                .toList();
        return admin().body(Map.of("name", "policy-" + ThreadLocalRandom.current().nextInt(1_000_000), "repeat", repeat, "steps", steps))
                .post("/api/v1/escalation-policies").then().statusCode(201).extract().path("id");
    }

    public static String service(String policyId) {
        return admin().body(Map.of("name", "service-" + ThreadLocalRandom.current().nextInt(1_000_000), "escalationPolicyId", policyId))
                .post("/api/v1/services").then().statusCode(201).extract().path("id");
    }

    /** Creates an integration and returns its key. */
    public static String integration(String serviceId, String type) {
        return admin().body(Map.of("type", type, "name", type.toLowerCase()))
                .post("/api/v1/services/" + serviceId + "/integrations").then().statusCode(201).extract().path("key");
    }

    public static Response hook(String key, String json) {
        return given().contentType(ContentType.JSON).body(json).post("/hooks/" + key);
    }

    /** {@link #hook} for a body that breaks its format on purpose; only the answer is checked. */
    public static Response hookInvalid(String key, String json) {
        return givenInvalid().contentType(ContentType.JSON).body(json).post("/hooks/" + key);
    }

    public static String sample(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/samples", name));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a form the way Twilio does, signed for the public URL Twilio would have called. */
    public static Response twilioPost(String path, Map<String, String> form) {
        String signature = TwilioSignature.sign(KlaxonTestEnvironment.twilio().authToken(),
                KlaxonTestEnvironment.PUBLIC_URL + path, form);
        return given().contentType(ContentType.URLENC).header("X-Twilio-Signature", signature)
                .formParams(form).post(path);
    }

    public static String alertStatus(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId).then().statusCode(200).extract().path("status");
    }

    /** A notification rule: page this contact method after {@code delay}, again every {@code repeat} (null: once). */
    public static String rule(String userId, String contactMethodId, String delay, String repeat) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("contactMethodId", contactMethodId, "delay", delay));
        if (repeat != null) {
            body.put("repeat", repeat);
        }
        return admin().body(body).post("/api/v1/users/" + userId + "/notification-rules").then().statusCode(201)
                .extract().path("id");
    }

    /** The alert's pages as GET /api/v1/alerts/{id}/notifications shows them. */
    public static List<Map<String, Object>> notifications(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId + "/notifications").then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    /** The alert's timeline messages, oldest first. */
    public static List<String> timeline(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId).then().statusCode(200).extract().path("timeline.message");
    }
}
