package dev.klaxon.engine;

import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class MaintenanceWindowTest {

    @Inject
    TestClock clock;

    @Inject
    EscalationSweep escalations;

    record Setup(String phone, String serviceId, String key) {
    }

    private Setup setup() {
        String oncall = user("Maintainer");
        String phone = phone();
        contact(oncall, "SMS", phone);
        String serviceId = service(policy("PT10M", 0, oncall));
        return new Setup(phone, serviceId, integration(serviceId, "GENERIC"));
    }

    private Response window(String serviceId, Instant start, Instant end, String reason) {
        return admin().body(Map.of("start", start.toString(), "end", end.toString(), "reason", reason))
                .post("/api/v1/services/" + serviceId + "/maintenance");
    }

    /** Pages written for an alert: none at all means nobody was paged, whatever is still in flight. */
    private static List<String> pages(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId + "/notifications").then().statusCode(200).extract().path("address");
    }

    private static String trigger(String key, String summary) {
        return hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202)
                .extract().path("alertId");
    }

    @Test
    void alertsInAWindowAreRecordedButNobodyIsPagedUntilItEnds() {
        Setup s = setup();
        Instant now = clock.instant();
        window(s.serviceId(), now.minusSeconds(60), now.plus(Duration.ofHours(1)), "database upgrade").then()
                .statusCode(201).header("Location", containsString("/maintenance/"))
                .body("reason", is("database upgrade")).body("createdBy", is("bootstrap-admin"));

        String open = trigger(s.key(), "replica lag during upgrade");
        String resolvedMeanwhile = trigger(s.key(), "connection errors during upgrade");
        assertEquals(List.of(), pages(open));
        assertEquals(List.of(), pages(resolvedMeanwhile));
        admin().get("/api/v1/alerts/" + open).then().statusCode(200).body("status", is("triggered"))
                .body("timeline.kind", hasItem("maintenance"))
                .body("timeline.find { it.kind == 'maintenance' }.message", containsString("database upgrade"));
        admin().post("/api/v1/alerts/" + resolvedMeanwhile + "/resolve").then().statusCode(200);

        clock.advance(Duration.ofMinutes(30));
        escalations.runOnce();
        assertEquals(List.of(), pages(open), "still in maintenance");

        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        escalations.runOnce();
        FakeTwilio.RecordedRequest sms = Pages.awaitSms(s.phone(), 1).get(0);
        assertEquals(List.of(s.phone()), pages(open));
        assertEquals(List.of(), pages(resolvedMeanwhile), "a resolved alert is not paged after the window");
        int number = admin().get("/api/v1/alerts/" + open).then().extract().path("number");
        assertTrue(sms.param("Body").contains("#" + number), sms.param("Body"));
        admin().get("/api/v1/alerts/" + open).then().body("timeline.kind", hasItem("maintenance-ended"));
    }

    @Test
    void deletingTheActiveWindowPagesAtOnce() {
        Setup s = setup();
        Instant now = clock.instant();
        String windowId = window(s.serviceId(), now, now.plus(Duration.ofHours(2)), "network work").then()
                .statusCode(201).extract().path("id");
        String alertId = trigger(s.key(), "switch port flapping");
        assertEquals(List.of(), pages(alertId));

        admin().get("/api/v1/services/" + s.serviceId() + "/maintenance").then().statusCode(200)
                .body("id", hasItem(windowId));
        admin().delete("/api/v1/services/" + s.serviceId() + "/maintenance/" + windowId).then().statusCode(204);
        admin().get("/api/v1/services/" + s.serviceId() + "/maintenance").then().body("$", hasSize(0));
        escalations.runOnce();
        Pages.awaitSms(s.phone(), 1);
        assertEquals(List.of(s.phone()), pages(alertId));
        admin().delete("/api/v1/services/" + s.serviceId() + "/maintenance/" + windowId).then().statusCode(404);
    }

    @Test
    void aWindowThatHasNotStartedChangesNothing() {
        Setup s = setup();
        Instant now = clock.instant();
        window(s.serviceId(), now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)), "later").then().statusCode(201);
        trigger(s.key(), "cache miss rate");
        Pages.awaitSms(s.phone(), 1);
    }

    @Test
    void windowsAreValidated() {
        Setup s = setup();
        Instant now = clock.instant();
        window(s.serviceId(), now.plusSeconds(60), now, "backwards").then().statusCode(400)
                .body("violations.field", hasItem("end"));
        admin().body(Map.of("start", "tomorrow", "end", now.plusSeconds(60).toString()))
                .post("/api/v1/services/" + s.serviceId() + "/maintenance").then().statusCode(400)
                .body("violations.field", hasItem("start"));
        window(s.serviceId(), now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), "past").then()
                .statusCode(400).body("detail", endsWith("must be in the future"));
        window("00000000-0000-0000-0000-000000000000", now, now.plusSeconds(60), "x").then().statusCode(404);
    }
}
