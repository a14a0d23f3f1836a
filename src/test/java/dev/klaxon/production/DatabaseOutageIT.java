package dev.klaxon.production;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonProcess;
import dev.klaxon.testing.KlaxonTest;
import dev.klaxon.testing.StoppablePostgres;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LESSONS.md 4, against a real PostgreSQL that this test stops and starts, and the packaged Klaxon as its own
 * process: started while the database is away it stays up (live, not ready, one "waiting for PostgreSQL" line every
 * few seconds, 503 with Retry-After everywhere) and becomes ready by itself; while the database is away again every
 * webhook format gets 503 with Retry-After within 2 s and the admin API 503 problem+json; when it is back, the
 * escalation step and the queued page that fell due meanwhile go out once each, with no restart.
 */
class DatabaseOutageIT {

    private static final int PG_PORT = 18310;
    private static final int HTTP_PORT = 18311;
    private static final int MANAGEMENT_PORT = 18312;
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    private static FakeTwilio twilio;
    private static StoppablePostgres pg;
    private static KlaxonProcess klaxon;

    @BeforeAll
    static void start() throws Exception {
        twilio = FakeTwilio.start();
        Path data = Path.of("target", "outage-it-pg");
        deleteTree(data);
        pg = new StoppablePostgres(PG_PORT, data);
        klaxon = KlaxonProcess.start("database-outage", Path.of("target", "quarkus-app"), HTTP_PORT, MANAGEMENT_PORT,
                KlaxonProcess.baseEnv(twilio, pg.jdbcUrl()));
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = HTTP_PORT;
    }

    @AfterAll
    static void stop() throws Exception {
        if (klaxon != null) {
            klaxon.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (twilio != null) {
            twilio.close();
        }
    }

    @Test
    void survivesStartingWithoutItsDatabaseAndLosingItWhilePaging() throws Exception {
        // 1. started with the database away: up, live, not ready, saying why every few seconds
        klaxon.awaitOutput(Pattern.compile("waiting for PostgreSQL at 127\\.0\\.0\\.1:" + PG_PORT + ": "), Duration.ofSeconds(60));
        klaxon.awaitHealth("live", 200, Duration.ofSeconds(10));
        assertEquals(503, klaxon.health("ready"));
        assertEquals(503, klaxon.health("started"));
        assertRefusesEverything(Map.of("generic", "unknown-key"), "unknown-key");
        Thread.sleep(7_000); // wall time the log lines are spread over: a real process, no test clock
        int waiting = klaxon.lines(Pattern.compile("waiting for PostgreSQL")).size();
        assertTrue(waiting >= 2 && waiting <= 4, "one line every few seconds, not a flood and not silence: " + waiting);

        pg.start();
        long back = System.nanoTime();
        klaxon.awaitHealth("ready", 200, Duration.ofSeconds(90));
        long coldReadyMillis = (System.nanoTime() - back) / 1_000_000;
        assertEquals(200, klaxon.health("started"));
        System.out.printf("[figure] cold start: database back -> ready in %d ms%n", coldReadyMillis);

        // 2. an escalation in progress: A by SMS now and on a second phone after 6 s; B after 8 s
        String a = Api.user("Alice"), b = Api.user("Bob");
        String a1 = Api.phone(), a2 = Api.phone(), b1 = Api.phone();
        Api.rule(a, Api.contact(a, "SMS", a1), "PT0S", null);
        Api.rule(a, Api.contact(a, "SMS", a2), "PT6S", null);
        Api.contact(b, "SMS", b1);
        String service = Api.service(Api.policy("PT8S", 0, a, b));
        Map<String, String> keys = new LinkedHashMap<>();
        for (String type : List.of("GENERIC", "ALERTMANAGER", "GRAFANA", "PAGERDUTY")) {
            keys.put(type, Api.integration(service, type));
        }
        keys.put("HEARTBEAT", Api.admin().body(Map.of("type", "HEARTBEAT", "name", "backup", "heartbeatInterval", "PT25H"))
                .post("/api/v1/services/" + service + "/integrations").then().statusCode(201).extract().path("key"));
        String alertId = Api.hook(keys.get("GENERIC"), "{\"action\":\"trigger\",\"summary\":\"disk full on db-1\"}")
                .then().statusCode(202).extract().path("alertId");
        twilio.awaitRequests(r -> a1.equals(r.param("To")), 1, Duration.ofSeconds(20));

        // 3. the database goes away mid-escalation
        pg.stop();
        assertRefusesEverything(keys, keys.get("PAGERDUTY"));
        Duration toNotReady = klaxon.awaitHealth("ready", 503, Duration.ofSeconds(10));
        assertEquals(200, klaxon.health("live"), "liveness must not fail when only the database is away");
        System.out.printf("[figure] database stopped -> not ready in %d ms%n", toNotReady.toMillis());
        Thread.sleep(10_000); // the queued page (6 s) and the next step (8 s) fall due while it is away
        assertEquals(0, twilio.messagesTo(a2).size() + twilio.messagesTo(b1).size(), "nothing can go out meanwhile");

        // 4. it comes back: ready again by itself, each due page out exactly once
        pg.start();
        back = System.nanoTime();
        klaxon.awaitHealth("ready", 200, Duration.ofSeconds(60));
        long warmReadyMillis = (System.nanoTime() - back) / 1_000_000;
        System.out.printf("[figure] running: database back -> ready in %d ms%n", warmReadyMillis);
        twilio.awaitRequests(r -> a2.equals(r.param("To")), 1, Duration.ofSeconds(30));
        twilio.awaitRequests(r -> b1.equals(r.param("To")), 1, Duration.ofSeconds(30));
        Api.admin().post("/api/v1/alerts/" + alertId + "/acknowledge").then().statusCode(200);
        Thread.sleep(3_000); // anything sent twice would arrive now
        assertEquals(1, twilio.messagesTo(a1).size(), "first page once");
        assertEquals(1, twilio.messagesTo(a2).size(), "queued page once");
        assertEquals(1, twilio.messagesTo(b1).size(), "escalation step once");
        assertEquals(3, twilio.messages().size(), "no page nobody expected: " + twilio.messages());
        assertTrue(klaxon.isAlive(), "no restart");
    }

    /** Every webhook format, /v2/enqueue and the admin API: 503 with Retry-After within 2 s, in the right shape. */
    private static void assertRefusesEverything(Map<String, String> keys, String pagerDutyKey) {
        String firing = Api.sample("alertmanager/01-firing-one-alert.json");
        for (var k : keys.entrySet()) {
            String body = switch (k.getKey()) {
                case "ALERTMANAGER" -> firing;
                case "GRAFANA" -> Api.sample("grafana/01-firing-one-alert.json");
                case "PAGERDUTY" -> Api.sample("pagerduty/01-trigger.json");
                default -> "{\"action\":\"trigger\",\"summary\":\"x\"}";
            };
            assertUnavailable(klaxon.request("POST", "/hooks/" + k.getValue(), "application/json", body, null),
                    "/hooks " + k.getKey(), "application/problem+json");
        }
        assertUnavailable(klaxon.request("GET", "/hooks/" + keys.getOrDefault("HEARTBEAT", "unknown-key"), null, null, null),
                "heartbeat GET", "application/problem+json");
        KlaxonProcess.Answer pd = klaxon.request("POST", "/v2/enqueue", "application/json",
                Api.sample("pagerduty/01-trigger.json").replace("0123456789abcdef0123456789abcdef", pagerDutyKey), null);
        assertUnavailable(pd, "/v2/enqueue", "application/json");
        assertTrue(pd.body().contains("\"status\":\"error\""), "PagerDuty's shape: " + pd.body());
        assertUnavailable(klaxon.request("GET", "/api/v1/users", null, null, KlaxonTest.ADMIN_TOKEN),
                "admin API", "application/problem+json");
    }

    private static void assertUnavailable(KlaxonProcess.Answer a, String what, String type) {
        assertEquals(503, a.status(), what + ": " + a.body());
        assertNotNull(a.retryAfter(), what + ": Retry-After");
        assertTrue(a.contentType() != null && a.contentType().startsWith(type), what + ": " + a.contentType());
        assertTrue(a.took().compareTo(TWO_SECONDS) < 0, what + " took " + a.took());
    }

    static void deleteTree(Path p) throws java.io.IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
