package dev.klaxon.ingest;

import dev.klaxon.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class IngestBadInputTest {

    String serviceId;
    String genericKey;
    String alertmanagerKey;

    @BeforeEach
    void setUp() {
        String u = Api.user("Ingest Owner");
        serviceId = Api.service(Api.policy("PT5M", 0, u));
        genericKey = Api.integration(serviceId, "GENERIC");
        alertmanagerKey = Api.integration(serviceId, "ALERTMANAGER");
    }

    private int alertCount() {
        List<?> l = admin().queryParam("serviceId", serviceId).get("/api/v1/alerts").then().statusCode(200).extract().path("$");
        return l.size();
    }

    @Test
    void badBodiesAreClearProblemsAndWriteNothing() {
        List<String> bad = List.of("", "{", "[]", "null", "42", "{\"action\":\"trigger\"}",
                "{\"action\":\"explode\",\"summary\":\"x\"}", "{\"action\":\"trigger\",\"summary\":17}",
                "{\"action\":\"trigger\",\"summary\":\"x\",\"severity\":\"apocalyptic\"}",
                "{\"action\":\"trigger\",\"summary\":\"x\",\"details\":[1]}",
                "{\"action\":\"trigger\",\"summary\":\"x\",\"links\":[{\"href\":\"javascript:alert(1)\"}]}",
                "{\"action\":\"resolve\"}", "{\"action\":\"trigger\",\"summary\":\"x\"} trailing");
        // each body breaks the GENERIC format on purpose: only the answers are held to the document
        for (String body : bad) {
            Api.hookInvalid(genericKey, body).then().statusCode(400).contentType("application/problem+json").body("status", is(400));
        }
        for (String body : List.of("{}", "{\"status\":\"firing\"}", "{\"status\":\"firing\",\"groupKey\":\"g\",\"alerts\":{}}",
                "{\"status\":\"weird\",\"groupKey\":\"g\",\"alerts\":[]}")) {
            Api.hookInvalid(alertmanagerKey, body).then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(0, alertCount());
    }

    @Test
    void missingFieldIsNamed() {
        hook(genericKey, "{\"action\":\"trigger\"}").then().statusCode(400).body("violations.field", hasItem("summary"));
    }

    @Test
    void wrongContentTypeIs415() {
        Api.givenInvalid().contentType(ContentType.TEXT).body("{\"action\":\"trigger\",\"summary\":\"x\"}").post("/hooks/" + genericKey)
                .then().statusCode(415).contentType("application/problem+json");
        assertEquals(0, alertCount());
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String huge = "{\"action\":\"trigger\",\"summary\":\"x\",\"details\":{\"blob\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}}";
        Api.hookInvalid(genericKey, huge).then().statusCode(413).contentType("application/problem+json");
        assertEquals(0, alertCount());
        // and the service keeps serving
        hook(genericKey, "{\"action\":\"trigger\",\"summary\":\"still here\"}").then().statusCode(202);
    }

    @Test
    void unknownKeyIs404() {
        hook("no-such-key-0000000000000000000", "{\"action\":\"trigger\",\"summary\":\"x\"}").then().statusCode(404)
                .contentType("application/problem+json");
        Api.hookInvalid("x".repeat(500), "{}").then().statusCode(404);
    }

    @Test
    void controlCharactersAreCleaned() {
        hook(genericKey, "{\"action\":\"trigger\",\"summary\":\"bad\\u0007bell\\u0000nul\"}").then().statusCode(202);
        admin().queryParam("serviceId", serviceId).get("/api/v1/alerts").then().body("[0].summary", is("bad bell nul"));
    }

    @Test
    void genericDedupAndResolveByDerivedKey() {
        String a = hook(genericKey, "{\"action\":\"trigger\",\"summary\":\"same thing\"}").then().statusCode(202).extract().path("alertId");
        String b = hook(genericKey, "{\"action\":\"trigger\",\"summary\":\"same thing\"}").then().statusCode(202).extract().path("alertId");
        assertEquals(a, b);
        String key = hook(genericKey, "{\"action\":\"trigger\",\"summary\":\"same thing\"}").then().extract().path("dedupKey");
        hook(genericKey, "{\"action\":\"resolve\",\"dedupKey\":\"" + key + "\"}").then().statusCode(202).body("status", is("resolved"));
        String c = hook(genericKey, "{\"action\":\"trigger\",\"summary\":\"same thing\"}").then().statusCode(202).extract().path("alertId");
        org.junit.jupiter.api.Assertions.assertNotEquals(a, c, "a trigger after resolve opens a new alert");
    }

    @Test
    void alertmanagerGroupLifecycleFollowsTheSamples() {
        String id = hook(alertmanagerKey, Api.sample("alertmanager/01-firing-one-alert.json")).then().statusCode(202)
                .body("status", is("triggered")).extract().path("alertId");
        hook(alertmanagerKey, Api.sample("alertmanager/02-firing-second-alert-joins.json")).then().statusCode(202)
                .body("alertId", is(id));
        hook(alertmanagerKey, Api.sample("alertmanager/03-firing-one-of-two-resolved.json")).then().statusCode(202)
                .body("alertId", is(id)).body("status", is("triggered"));
        hook(alertmanagerKey, Api.sample("alertmanager/04-resolved-group.json")).then().statusCode(202)
                .body("alertId", is(id)).body("status", is("resolved"));
        admin().get("/api/v1/alerts/" + id).then().body("severity", is("critical"))
                .body("timeline.message", hasItem("joined: checkout-a1b2:8080"))
                .body("timeline.message", hasItem("resolved: checkout-7d9f:8080"));
    }
}
