package dev.klaxon.check;

import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ExpiryChecksTest {

    @Inject
    TestClock clock;

    @Inject
    ExpiryChecks checks;

    private static String newService() {
        return service(policy("PT30M", 0, user("Cert Keeper")));
    }

    private static Response createCheck(String serviceId, String type, String target) {
        return admin().body(Map.of("type", type, "target", target)).post("/api/v1/services/" + serviceId + "/checks");
    }

    private static String path(String serviceId, String checkId) {
        return "/api/v1/services/" + serviceId + "/checks/" + checkId;
    }

    /** Runs due checks and waits until this one has a result newer than {@code after}. */
    private Map<String, Object> runUntilChecked(String serviceId, String checkId, Instant after) {
        checks.runDue();
        return Eventually.await(() -> admin().get(path(serviceId, checkId)).then().statusCode(200).extract().<Map<String, Object>>path("$"),
                c -> c.get("lastCheckedAt") != null && Instant.parse((String) c.get("lastCheckedAt")).isAfter(after),
                "a result for check " + checkId);
    }

    /** The alerts of a service, newest first. */
    private static List<Map<String, Object>> alerts(String serviceId) {
        return admin().get("/api/v1/alerts?serviceId=" + serviceId).then().statusCode(200).extract().path("$");
    }

    @Test
    void certificateExpiringWithinTheWindowAlertsAndTheRenewalResolves() {
        String serviceId = newService();
        Instant now = clock.instant();
        try (TestTlsServer server = TestTlsServer.start(now.minus(Duration.ofDays(85)), 90)) { // 5 days left
            Instant notAfter = server.certificate().getNotAfter().toInstant();
            assertEquals(now.plus(Duration.ofDays(5)), notAfter, "keytool made the certificate we asked for");
            String checkId = createCheck(serviceId, "TLS_CERTIFICATE", server.target()).then().statusCode(201)
                    .header("Location", containsString("/checks/"))
                    .body("window", is("P14D")).body("ok", is((Object) null)).extract().path("id");

            Map<String, Object> result = runUntilChecked(serviceId, checkId, now.minusSeconds(1));
            assertEquals(false, result.get("ok"));
            assertEquals(notAfter.toString(), result.get("expiresAt"));
            assertEquals(null, result.get("error"));
            assertTrue(String.valueOf(result.get("warning")).startsWith("not trusted"), "self-signed: " + result);

            List<Map<String, Object>> open = alerts(serviceId);
            assertEquals(1, open.size(), open.toString());
            assertEquals("triggered", open.get(0).get("status"));
            assertEquals("expiry-check:" + checkId, open.get(0).get("dedupKey"));
            assertEquals("warning", open.get(0).get("severity"));
            assertTrue(((String) open.get(0).get("summary")).contains("expires in 5 days"), open.toString());

            // renewed: a year of validity from now; the next daily run resolves the alert
            server.useCertificate(now, 365);
            Instant before = clock.instant();
            Settled.await();
            clock.advance(Duration.ofDays(1).plusMinutes(1));
            Map<String, Object> renewed = runUntilChecked(serviceId, checkId, before);
            assertEquals(true, renewed.get("ok"));
            List<Map<String, Object>> after = alerts(serviceId);
            assertEquals(1, after.size(), "resolving opens nothing new: " + after);
            assertEquals("resolved", after.get(0).get("status"));
        }
    }

    @Test
    void expiredCertificateIsCritical() {
        String serviceId = newService();
        Instant now = clock.instant();
        try (TestTlsServer server = TestTlsServer.start(now.minus(Duration.ofDays(30)), 29)) {
            String checkId = createCheck(serviceId, "TLS_CERTIFICATE", server.target()).then().statusCode(201)
                    .extract().path("id");
            runUntilChecked(serviceId, checkId, now.minusSeconds(1));
            Map<String, Object> alert = alerts(serviceId).get(0);
            assertEquals("critical", alert.get("severity"));
            assertTrue(((String) alert.get("summary")).contains("expired at"), alert.toString());
        }
    }

    @Test
    void failedHandshakeAlerts() {
        String serviceId = newService();
        try (TestTlsServer server = TestTlsServer.plain()) {
            String checkId = createCheck(serviceId, "TLS_CERTIFICATE", server.target()).then().statusCode(201)
                    .extract().path("id");
            Map<String, Object> result = runUntilChecked(serviceId, checkId, clock.instant().minusSeconds(1));
            assertEquals(false, result.get("ok"));
            assertNotNull(result.get("error"));
            assertEquals(null, result.get("expiresAt"));
            Map<String, Object> alert = alerts(serviceId).get(0);
            assertEquals("error", alert.get("severity"));
            assertTrue(((String) alert.get("summary")).startsWith("TLS check of " + server.target() + " failed"), alert.toString());
        }
    }

    @Test
    void domainExpiringWithinTheWindowAlertsAndTheRenewalResolves() {
        String serviceId = newService();
        String domain = "klaxon-" + ThreadLocalRandom.current().nextInt(1_000_000) + ".test";
        Instant now = clock.instant();
        KlaxonTestEnvironment.rdap().register(domain, now.plus(Duration.ofDays(10)));
        String checkId = admin().body(Map.of("type", "DOMAIN_EXPIRY", "target", domain.toUpperCase() + ".", "window", "P30D"))
                .post("/api/v1/services/" + serviceId + "/checks").then().statusCode(201)
                .body("target", is(domain)).body("window", is("P30D")).extract().path("id");

        Map<String, Object> result = runUntilChecked(serviceId, checkId, now.minusSeconds(1));
        assertEquals(false, result.get("ok"));
        assertEquals(now.plus(Duration.ofDays(10)).toString(), result.get("expiresAt"));
        Map<String, Object> alert = alerts(serviceId).get(0);
        assertEquals("triggered", alert.get("status"));
        assertTrue(((String) alert.get("summary")).contains("Domain registration of " + domain + " expires in 10 days"),
                alert.toString());

        // a day later it still expires soon: the same alert, recorded again, nothing new opened
        Instant before = clock.instant();
        Settled.await();
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        runUntilChecked(serviceId, checkId, before);
        assertEquals(1, alerts(serviceId).size());
        admin().get("/api/v1/alerts/" + alert.get("id")).then().body("timeline.kind", hasItem("deduplicated"));

        KlaxonTestEnvironment.rdap().register(domain, now.plus(Duration.ofDays(375)));
        before = clock.instant();
        Settled.await();
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertEquals(true, runUntilChecked(serviceId, checkId, before).get("ok"));
        assertEquals("resolved", alerts(serviceId).get(0).get("status"));
    }

    @Test
    void unknownDomainIsAnError() {
        String serviceId = newService();
        String checkId = createCheck(serviceId, "DOMAIN_EXPIRY", "never-registered.test").then().statusCode(201)
                .extract().path("id");
        Map<String, Object> result = runUntilChecked(serviceId, checkId, clock.instant().minusSeconds(1));
        assertEquals(false, result.get("ok"));
        assertTrue(String.valueOf(result.get("error")).contains("no record"), result.toString());
        assertEquals("error", alerts(serviceId).get(0).get("severity"));
    }

    @Test
    void checksAreValidatedListedAndDeleted() {
        String serviceId = newService();
        createCheck(serviceId, "TLS_CERTIFICATE", "example.com:99999").then().statusCode(400)
                .body("violations[0].field", is("target"));
        createCheck(serviceId, "DOMAIN_EXPIRY", "not a domain").then().statusCode(400);
        createCheck(serviceId, "PING", "example.com").then().statusCode(400).body("violations[0].field", is("type"));
        admin().body(Map.of("type", "DOMAIN_EXPIRY", "target", "example.com", "window", "P0D"))
                .post("/api/v1/services/" + serviceId + "/checks").then().statusCode(400);

        String checkId = createCheck(serviceId, "TLS_CERTIFICATE", "LocalHost").then().statusCode(201)
                .body("target", is("localhost:443")).body("nextCheckAt", notNullValue()).extract().path("id");
        admin().get("/api/v1/services/" + serviceId + "/checks").then().statusCode(200).body("id", hasItem(checkId));
        admin().delete(path(serviceId, checkId)).then().statusCode(204);
        admin().get(path(serviceId, checkId)).then().statusCode(404);
    }
}
