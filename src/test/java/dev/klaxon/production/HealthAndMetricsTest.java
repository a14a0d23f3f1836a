package dev.klaxon.production;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each probe checks, and that pool and ORM metrics are exported (README promised them; there were none). */
@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void readinessChecksDatabaseSchedulerAndDispatcher() {
        Map<String, String> checks = checks("ready", 200);
        // "Graceful Shutdown" is Quarkus' own: DOWN from the moment SIGTERM arrives
        assertEquals(Map.of("database", "UP", "scheduler", "UP", "dispatcher", "UP", "Graceful Shutdown", "UP"), checks);
    }

    @Test
    void livenessChecksOnlyThatTheProcessIsNotWedged() {
        assertEquals(Map.of("process", "UP"), checks("live", 200));
    }

    @Test
    void startupChecksThatMigrationsAreDone() {
        assertEquals(Map.of("migrations", "UP"), checks("started", 200));
    }

    @Test
    void poolAndOrmMetricsAreExported() {
        String metrics = dev.klaxon.testing.Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("agroal_active_count"), "Agroal pool metrics");
        assertTrue(metrics.contains("agroal_awaiting_count"), "Agroal pool metrics");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("hibernate_")), "Hibernate ORM metrics");
    }

    private static Map<String, String> checks(String probe, int status) {
        List<Map<String, Object>> checks = dev.klaxon.testing.Management.given().get("/q/health/" + probe).then().statusCode(status).extract()
                .jsonPath().getList("checks");
        Map<String, String> out = new java.util.TreeMap<>();
        checks.forEach(c -> out.put((String) c.get("name"), (String) c.get("status")));
        return out;
    }
}
