package dev.klaxon.ingest;

import dev.klaxon.engine.HeartbeatSweep;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HEARTBEAT integrations: any GET or POST is a beat; silence for the interval pages; the next beat resolves. */
@QuarkusTest
class HeartbeatTest {

    @Inject
    TestClock clock;

    @Inject
    HeartbeatSweep sweep;

    static String heartbeat(String serviceId, String name, String interval) {
        return admin().body(Map.of("type", "HEARTBEAT", "name", name, "heartbeatInterval", interval))
                .post("/api/v1/services/" + serviceId + "/integrations").then().statusCode(201).extract().path("key");
    }

    static List<Map<String, Object>> alerts(String serviceId) {
        return admin().queryParam("serviceId", serviceId).get("/api/v1/alerts").then().statusCode(200).extract().path("$");
    }

    @Test
    void aSilentHeartbeatPagesOnceAndTheNextBeatResolvesIt() throws Exception {
        String u = user("Hana");
        String phone = phone();
        contact(u, "SMS", phone);
        String serviceId = service(policy("PT5M", 0, u));
        String key = heartbeat(serviceId, "nightly-backup", "PT10M");

        given().get("/hooks/" + key).then().statusCode(202).body("alertId", nullValue());
        String lastBeat = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        clock.advance(Duration.ofMinutes(9));
        sweep.runOnce();
        assertTrue(alerts(serviceId).isEmpty(), "within the interval nothing happens");

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        sweep.runOnce();
        List<Map<String, Object>> open = alerts(serviceId);
        assertEquals(1, open.size());
        assertEquals("heartbeat nightly-backup missed, last seen " + lastBeat, open.get(0).get("summary"));
        assertEquals("triggered", open.get(0).get("status"));
        String id = (String) open.get(0).get("id");
        assertTrue(Pages.awaitSms(phone, 1).get(0).param("Body").contains("heartbeat nightly-backup missed"));

        Settled.await();
        clock.advance(Duration.ofMinutes(30));
        sweep.runOnce();
        assertEquals(1, alerts(serviceId).size(), "a heartbeat stays missed until it beats: one alert, not one per sweep");

        given().contentType(ContentType.TEXT).body("done in 42s").post("/hooks/" + key).then().statusCode(202)
                .body("alertId", is(id)).body("status", is("resolved"));
        admin().get("/api/v1/alerts/" + id).then().body("status", is("resolved"))
                .body("timeline.message", hasItem(containsString("Heartbeat nightly-backup beat again")));

        clock.advance(Duration.ofMinutes(9));
        sweep.runOnce();
        given().post("/hooks/" + key).then().statusCode(202).body("alertId", nullValue());
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        sweep.runOnce();
        List<Map<String, Object>> all = alerts(serviceId);
        assertEquals(2, all.size(), "silent again: a new alert");
        assertEquals("triggered", all.get(0).get("status"));
        Settled.await();
        List<?> pages = admin().get("/api/v1/alerts/" + id + "/notifications").then().extract().path("$");
        assertEquals(1, pages.size());
    }

    @Test
    void aHeartbeatThatNeverBeatIsMissedOneIntervalAfterItsCreation() {
        String serviceId = service(policy("PT5M", 0, user("Ines")));
        heartbeat(serviceId, "never-wired", "PT1H");
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        sweep.runOnce();
        List<Map<String, Object>> open = alerts(serviceId);
        assertEquals(1, open.size());
        assertTrue(((String) open.get(0).get("summary")).startsWith("heartbeat never-wired missed, never seen since it was created at"),
                (String) open.get(0).get("summary"));
    }

    @Test
    void anyBodyAndAnyContentTypeIsABeat() throws Exception {
        String serviceId = service(policy("PT5M", 0, user("Jo")));
        String key = heartbeat(serviceId, "cron", "PT5M");
        given().post("/hooks/" + key).then().statusCode(202);
        assertEquals(clock.instant(), lastBeat(serviceId));
        clock.advance(Duration.ofMinutes(1));
        given().contentType(ContentType.URLENC).formParam("status", "ok").post("/hooks/" + key).then().statusCode(202);
        assertEquals(clock.instant(), lastBeat(serviceId), "a form body is a beat");
        clock.advance(Duration.ofMinutes(1));
        // broken JSON on purpose: OpenAPI cannot say "any bytes, even under a JSON content type"; the answer is checked
        dev.klaxon.testing.Api.givenInvalid().contentType(ContentType.JSON).body("{not even json").post("/hooks/" + key).then().statusCode(202);
        assertEquals(clock.instant(), lastBeat(serviceId), "a broken JSON body is a beat");
        clock.advance(Duration.ofMinutes(1));
        given().get("/hooks/" + key).then().statusCode(202).body("dedupKey", containsString("heartbeat:"));
        assertEquals(clock.instant(), lastBeat(serviceId), "a GET is a beat");
    }

    /** When the service's heartbeat last beat, as stored. */
    private static java.time.Instant lastBeat(String serviceId) throws java.sql.SQLException {
        try (var c = KlaxonTestEnvironment.connect();
             var st = c.prepareStatement("SELECT h.last_beat_at FROM heartbeat_state h JOIN integration i ON i.id = h.integration_id"
                     + " WHERE i.service_id = ?::uuid")) {
            st.setString(1, serviceId);
            try (var rs = st.executeQuery()) {
                assertTrue(rs.next(), "no heartbeat state for service " + serviceId);
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    @Test
    void getIsOnlyForHeartbeats() {
        String key = integration(service(policy("PT5M", 0, user("Kai"))), "GENERIC");
        given().get("/hooks/" + key).then().statusCode(405).contentType("application/problem+json")
                .header("Allow", "POST");
        given().get("/hooks/no-such-key-at-all").then().statusCode(404).contentType("application/problem+json");
    }
}
