package dev.klaxon.production;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonProcess;
import dev.klaxon.testing.KlaxonTestEnvironment;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM, as Kubernetes sends it on a rollout: readiness DOWN at once, nothing more claimed, the provider call in
 * flight finishes, the pages claimed but not yet sent go back to the queue at once (not after their lease), and the
 * process exits well inside the chart's terminationGracePeriodSeconds (60 s).
 */
class GracefulShutdownIT {

    private static final int HTTP_PORT = 18331;
    private static final int MANAGEMENT_PORT = 18332;
    private static final Duration GRACE = Duration.ofSeconds(60);

    @Test
    void sigtermFinishesTheCallInFlightAndGivesBackWhatWasNotSent() throws Exception {
        String db = KlaxonTestEnvironment.DB_NAME + "_shutdown";
        String url = "jdbc:postgresql://" + KlaxonTestEnvironment.DB_HOST + "/" + db;
        recreate(db);
        try (FakeTwilio twilio = FakeTwilio.start();
             KlaxonProcess klaxon = KlaxonProcess.start("graceful-shutdown", Path.of("target", "quarkus-app"),
                     HTTP_PORT, MANAGEMENT_PORT, KlaxonProcess.baseEnv(twilio, url))) {
            klaxon.awaitHealth("ready", 200, Duration.ofSeconds(120));
            RestAssured.baseURI = "http://127.0.0.1";
            RestAssured.port = HTTP_PORT;
            // three people called at once: Twilio's 1 call/s pacing keeps the 2nd and 3rd claimed but waiting
            List<String> users = new ArrayList<>(), phones = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String u = Api.user("Responder " + i), phone = Api.phone();
                Api.contact(u, "VOICE", phone);
                users.add(u);
                phones.add(phone);
            }
            String policy = Api.admin().body(Map.of("name", "all-hands", "repeat", 0, "steps", List.of(Map.of(
                            "delay", "PT5M", "targets", users.stream().map(u -> Map.of("type", "USER", "id", u)).toList()))))
                    .post("/api/v1/escalation-policies").then().statusCode(201).extract().<String>path("id");
            String key = Api.integration(Api.service(policy), "GENERIC");
            phones.forEach(p -> twilio.hangNextTo(p, Duration.ofSeconds(4))); // each call takes Twilio 4 s to answer
            String alertId = Api.hook(key, "{\"action\":\"trigger\",\"summary\":\"rollout in progress\"}")
                    .then().statusCode(202).extract().path("alertId");
            twilio.awaitRequests(r -> r.path().endsWith("/Calls.json"), 1, Duration.ofSeconds(20));

            long t0 = System.nanoTime();
            ProcessHandle.of(klaxon.pid()).orElseThrow().destroy(); // SIGTERM
            Duration notReady = klaxon.awaitHealth("ready", 503, Duration.ofSeconds(2));
            int code = klaxon.terminate(GRACE);
            long exitMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("[figure] SIGTERM -> readiness DOWN in %d ms, exit in %d ms%n", notReady.toMillis(), exitMillis);
            assertTrue(code == 0 || code == 143, "exited within " + GRACE + " (code " + code + "):\n" + klaxon.tail());

            assertEquals(1, twilio.calls().size(), "nothing claimed after SIGTERM: " + twilio.calls());
            Map<String, List<String>> rows = rows(url, alertId);
            assertEquals(List.of("SENT|lease=null"), rows.get("SENT"), "the call in flight finished: " + rows);
            assertEquals(List.of("PENDING|lease=null|attempts=0", "PENDING|lease=null|attempts=0"), rows.get("PENDING"),
                    "claimed but unsent pages are claimable again at once: " + rows);
            assertTrue(klaxon.output().contains("gave back 2 claimed page(s)"), klaxon.tail());
        }
    }

    private static Map<String, List<String>> rows(String url, String alertId) throws Exception {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status, lease_until, attempts FROM outbox WHERE alert_id = '"
                     + alertId + "' ORDER BY status")) {
            while (rs.next()) {
                String s = rs.getString(1);
                String row = s + "|lease=" + rs.getTimestamp(2) + (s.equals("PENDING") ? "|attempts=" + rs.getInt(3) : "");
                out.computeIfAbsent(s, k -> new ArrayList<>()).add(row);
            }
        }
        return out;
    }

    private static void recreate(String db) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + KlaxonTestEnvironment.DB_HOST + "/postgres", p);
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
    }
}
