package dev.klaxon.security;

import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * /q/metrics never shows a secret that travelled in a path: requests refused before any resource handled them
 * (wrong method, content type or Accept) are labelled with a route template, like every other request.
 */
@QuarkusTest
class MetricsSecretsTest {

    @Test
    void noSecretFromAnyPathReachesTheMetricsAfterRefusedRequests() {
        String u = user("Metric Mia");
        String p = phone();
        contact(u, "SMS", p);
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        hook(key, "{\"action\":\"trigger\",\"summary\":\"metrics secrets\"}").then().statusCode(202);
        String ackToken = Pages.ackToken(Pages.awaitSms(p, 1).get(0));
        String feed = admin().post("/api/v1/users/" + u + "/calendar-feed").then().statusCode(201).extract().path("url");
        String calendarSecret = feed.substring(feed.lastIndexOf('/') + 1).replace(".ics", "");
        String other = "secret" + UUID.randomUUID().toString().replace("-", "");

        Map<String, String> secrets = Map.of(
                "/ack/" + ackToken, ackToken,
                "/ack/bundle/" + other, other,
                "/hooks/" + key, key,
                "/calendar/" + calendarSecret + ".ics", calendarSecret,
                "/pushover/callback/" + other + "p", other + "p",
                "/twilio/voice/" + other + "v", other + "v",
                "/twilio/voice/" + other + "g/gather", other + "g",
                "/twilio/voice/bundle/" + other + "b", other + "b");
        // wrong methods, bodies and media types on purpose: nothing here is checked against the OpenAPI document
        for (String path : secrets.keySet()) {
            for (String method : List.of("OPTIONS", "PUT", "DELETE", "PATCH", "HEAD", "TRACE")) {
                io.restassured.RestAssured.given().redirects().follow(false).request(method, path);
            }
            io.restassured.RestAssured.given().contentType(ContentType.JSON).body("{}").post(path);
            io.restassured.RestAssured.given().contentType(ContentType.XML).body("<x/>").post(path);
            io.restassured.RestAssured.given().accept("application/x-klaxon-nothing").get(path);
            io.restassured.RestAssured.given().accept("application/x-klaxon-nothing").contentType(ContentType.URLENC).formParam("action", "none").post(path);
        }

        String metrics = given().port(metricsPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> leaked = new ArrayList<>();
        secrets.forEach((path, secret) -> {
            if (metrics.contains(secret)) {
                leaked.add(path + ": " + metrics.lines().filter(l -> l.contains(secret)).findFirst().orElse(""));
            }
        });
        assertEquals(List.of(), leaked);
    }

    /** The management port once health and metrics live there, the public one before. */
    static int metricsPort() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        boolean management = config.getOptionalValue("quarkus.management.enabled", Boolean.class).orElse(false);
        return management ? java.net.URI.create(config.getValue("test.management.url", String.class)).getPort()
                : io.restassured.RestAssured.port;
    }
}
