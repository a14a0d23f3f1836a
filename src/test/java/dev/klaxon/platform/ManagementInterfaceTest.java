package dev.klaxon.platform;

import dev.klaxon.testing.KlaxonTest;
import dev.klaxon.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Health and metrics are on the management port only; the public port, which the Ingress exposes, serves Klaxon's
 * own routes and the API description (API.md, "Security decisions").
 */
@QuarkusTest
class ManagementInterfaceTest {

    private static final List<String> OPERATIONAL = List.of(
            "/q/health", "/q/health/ready", "/q/health/live", "/q/health/started", "/q/metrics");

    @Test
    void healthAndMetricsAreServedOnTheManagementPort() {
        assertNotEquals(RestAssured.port, Management.port());
        Management.given().get("/q/health/ready").then().statusCode(200).body(containsString("scheduler"));
        Management.given().get("/q/health/live").then().statusCode(200);
        Management.given().get("/q/health/started").then().statusCode(200);
        Management.given().get("/q/health").then().statusCode(200);
        Management.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void thePublicPortDoesNotServeHealthOrMetrics() {
        for (String path : OPERATIONAL) {
            given().get(path).then().statusCode(404);
        }
    }

    @Test
    void klaxonsRoutesAreNotOnTheManagementPort() {
        Management.given().auth().oauth2(KlaxonTest.ADMIN_TOKEN).get("/api/v1/users")
                .then().statusCode(404);
        Management.given().contentType("application/json").body("{}").post("/v2/enqueue").then().statusCode(404);
    }

    @Test
    void theApiDescriptionStaysOnThePublicPort() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/hooks/{key}"));
        Management.given().get("/q/openapi").then().statusCode(404);
    }
}
