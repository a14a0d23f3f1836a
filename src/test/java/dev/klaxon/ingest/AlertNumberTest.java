package dev.klaxon.ingest;

import dev.klaxon.testing.KlaxonTestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The short number people type in SMS replies grows with alerts, not with traffic: a duplicate draws none. */
@QuarkusTest
class AlertNumberTest {

    private static int number(String key, String dedupKey) {
        return hook(key, "{\"event_action\":\"trigger\",\"dedup_key\":\"" + dedupKey
                + "\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\"}}")
                .then().statusCode(202).extract().path("number");
    }

    /** Alerts whose number lies strictly between the two: every number in between must belong to an alert. */
    private static int alertsBetween(int low, int high) throws Exception {
        try (Connection c = KlaxonTestEnvironment.connect();
             var st = c.prepareStatement("SELECT count(*) FROM alert WHERE number > ? AND number < ?")) {
            st.setInt(1, low);
            st.setInt(2, high);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void deduplicatedTriggersDrawNoNumber() throws Exception {
        String key = integration(service(policy("PT5M", 0, user("Counter"))), "PAGERDUTY");
        int x = number(key, "x");
        for (int i = 0; i < 3; i++) {
            assertEquals(x, number(key, "x"));
        }
        int y = number(key, "y");
        assertEquals(y - x - 1, alertsBetween(x, y), "no number skipped between #" + x + " and #" + y);
    }

    @Test
    void aStormOnOneKeyDrawsOneNumber() throws Exception {
        String key = integration(service(policy("PT5M", 0, user("Storm Counter"))), "PAGERDUTY");
        int before = number(key, "before");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> storm = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                storm.add(pool.submit(() -> {
                    start.await();
                    return number(key, "storm");
                }));
            }
            start.countDown();
            int stormNumber = storm.get(0).get();
            for (Future<Integer> f : storm) {
                assertEquals(stormNumber, f.get(), "one alert for the storm");
            }
        } finally {
            pool.shutdownNow();
        }
        int after = number(key, "after");
        assertEquals(after - before - 1, alertsBetween(before, after), "no number skipped between #" + before + " and #" + after);
    }
}
