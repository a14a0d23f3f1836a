package dev.klaxon.security;

import dev.klaxon.engine.HeartbeatSweep;
import dev.klaxon.engine.LifecycleSweep;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.alertStatus;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A duration stored before the edge checked its range (or written by hand) must neither stop a sweep for every other
 * row nor make acknowledging an alert fail: it is used as the nearest bound of its documented range.
 */
@QuarkusTest
class SweepIsolationTest {

    static final long ABSURD = 9_223_372_036_854L; // P106751991167D: overflows every Instant it is added to

    @Inject
    TestClock clock;

    @Inject
    HeartbeatSweep heartbeats;

    @Inject
    LifecycleSweep lifecycle;

    static void sql(String statement, Object... args) throws Exception {
        try (Connection c = KlaxonTestEnvironment.connect(); PreparedStatement st = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.executeUpdate();
        }
    }

    static List<Map<String, Object>> alerts(String serviceId) {
        return admin().queryParam("serviceId", serviceId).get("/api/v1/alerts").then().statusCode(200).extract().path("$");
    }

    @Test
    void aHeartbeatWithAnAbsurdIntervalDoesNotStopTheSweepForTheOthers() throws Exception {
        String bad = service(policy("PT5M", 0, user("Hb Bad")));
        String badKey = admin().body(Map.of("type", "HEARTBEAT", "name", "absurd", "heartbeatInterval", "PT5M"))
                .post("/api/v1/services/" + bad + "/integrations").then().statusCode(201).extract().path("key");
        sql("UPDATE integration SET heartbeat_seconds = 9223372036854775807 WHERE integration_key = ?", badKey);
        String good = service(policy("PT5M", 0, user("Hb Good")));
        admin().body(Map.of("type", "HEARTBEAT", "name", "nightly", "heartbeatInterval", "PT5M"))
                .post("/api/v1/services/" + good + "/integrations").then().statusCode(201);

        clock.advance(Duration.ofMinutes(6));
        heartbeats.runOnce();

        assertEquals(1, alerts(good).size(), "the sound heartbeat raised its alert");
        assertEquals(0, alerts(bad).size());
    }

    @Test
    void anAlertOfAServiceWithAnAbsurdAckTimeoutCanStillBeAcknowledged() throws Exception {
        String serviceId = service(policy("PT5M", 0, user("Ack Absurd")));
        sql("UPDATE service SET ack_timeout_seconds = ? WHERE id = ?", ABSURD, UUID.fromString(serviceId));
        String key = integration(serviceId, "GENERIC");
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"absurd ack timeout\"}").then().statusCode(202)
                .extract().path("alertId");

        admin().post("/api/v1/alerts/" + alertId + "/acknowledge").then().statusCode(200);
        assertEquals("acknowledged", alertStatus(alertId));
    }

    @Test
    void oneServiceWithAnAbsurdAutoResolveDoesNotStopAutoResolveForTheOthers() throws Exception {
        String bad = admin().body(Map.of("name", "bad-" + UUID.randomUUID(), "escalationPolicyId", policy("PT5M", 0, user("Ar Bad")),
                "autoResolve", "PT1H")).post("/api/v1/services").then().statusCode(201).extract().path("id");
        // an UPDATE writes a new row version at the end of the table: the bad service is listed before the good one
        sql("UPDATE service SET auto_resolve_seconds = ? WHERE id = ?", ABSURD, UUID.fromString(bad));
        String good = admin().body(Map.of("name", "good-" + UUID.randomUUID(), "escalationPolicyId", policy("PT5M", 0, user("Ar Good")),
                "autoResolve", "PT1H")).post("/api/v1/services").then().statusCode(201).extract().path("id");
        hook(integration(bad, "GENERIC"), "{\"action\":\"trigger\",\"summary\":\"bad idle\"}").then().statusCode(202);
        String goodAlert = hook(integration(good, "GENERIC"), "{\"action\":\"trigger\",\"summary\":\"good idle\"}")
                .then().statusCode(202).extract().path("alertId");

        clock.advance(Duration.ofHours(2));
        lifecycle.runOnce();

        assertEquals("resolved", alertStatus(goodAlert));
    }
}
