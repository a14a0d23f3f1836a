package dev.klaxon.ingest;

import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unique open-alert index and row locks, not luck, decide races between concurrent webhooks. */
@QuarkusTest
class ConcurrentIngestTest {

    /** How many times each race runs in one JVM: {@code -Dracetest.runs=20} to look for a race that is rare. */
    private static final int RUNS = Integer.getInteger("racetest.runs", 1);

    /** Runs the calls at once (all released by one latch) and returns their results in order. */
    static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> c : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return c.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Map<String, Object>> alerts(String serviceId) {
        return admin().queryParam("serviceId", serviceId).get("/api/v1/alerts").then().statusCode(200).extract().path("$");
    }

    static List<Map<String, Object>> pages(Object alertId) {
        return admin().get("/api/v1/alerts/" + alertId + "/notifications").then().statusCode(200).extract().path("$");
    }

    @Test
    void fiftyIdenticalTriggersAtOnceOpenOneAlertAndPageOnce() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            fiftyIdenticalTriggersRound();
        }
    }

    private void fiftyIdenticalTriggersRound() throws Exception {
        String u = user("Zoe");
        String phone = phone();
        contact(u, "SMS", phone);
        String serviceId = service(policy("PT5M", 0, u));
        String key = integration(serviceId, "GENERIC");
        List<Callable<Response>> calls = Collections.nCopies(50,
                () -> hook(key, "{\"action\":\"trigger\",\"summary\":\"replication lag on db-9\"}"));
        List<Response> responses = atOnce(calls);
        Set<String> ids = new HashSet<>();
        for (Response r : responses) {
            assertEquals(202, r.statusCode(), r.asString());
            ids.add(r.path("alertId"));
        }
        assertEquals(1, ids.size(), ids.toString());
        assertEquals(1, alerts(serviceId).size());
        String id = ids.iterator().next();
        Pages.awaitSms(phone, 1);
        Settled.await(); // a second page would be on its way by now: let it arrive before saying there is none
        assertEquals(1, pages(id).size(), "one alert, one page");
        assertEquals(1, Pages.sentTo(phone));
        List<String> kinds = admin().get("/api/v1/alerts/" + id).then().extract().path("timeline.kind");
        assertEquals(1, kinds.stream().filter("triggered"::equals).count());
        // 49 duplicates, counted on the alert: one timeline entry says how many, not one entry each
        assertEquals(1, kinds.stream().filter("deduplicated"::equals).count(), kinds.toString());
        List<String> messages = admin().get("/api/v1/alerts/" + id).then().extract().path("timeline.message");
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Trigger deduplicated ×49 into the open alert, last at ")),
                messages.toString());
    }

    @Test
    void fiftyCopiesOfOnePagerDutyEventAtOnceOpenOneAlert() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            fiftyPagerDutyCopiesRound();
        }
    }

    private void fiftyPagerDutyCopiesRound() throws Exception {
        String serviceId = service(policy("PT5M", 0, user("Abe")));
        String key = integration(serviceId, "PAGERDUTY");
        String body = Samples.pagerDuty("pagerduty/01-trigger.json", key);
        List<Response> responses = atOnce(Collections.nCopies(50, () -> dev.klaxon.testing.Api.given()
                .contentType("application/json").body(body).post("/v2/enqueue")));
        responses.forEach(r -> assertEquals(202, r.statusCode(), r.asString()));
        assertEquals(1, alerts(serviceId).size());
    }

    @Test
    void triggersAndResolvesRacingLeaveAConsistentState() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            triggersAndResolvesRound();
        }
    }

    private void triggersAndResolvesRound() throws Exception {
        String u = user("Bea");
        contact(u, "SMS", phone());
        String serviceId = service(policy("PT5M", 0, u));
        for (int round = 0; round < 15; round++) {
            String key = integration(serviceId, "GENERIC"); // a fresh integration per round keeps under the rate limit
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> hook(key, "{\"action\":\"trigger\",\"dedupKey\":\"flappy\",\"summary\":\"flapping check\"}"));
                calls.add(() -> hook(key, "{\"action\":\"resolve\",\"dedupKey\":\"flappy\"}"));
            }
            Collections.shuffle(calls, new java.util.Random(round));
            for (Response r : atOnce(calls)) {
                assertEquals(202, r.statusCode(), r.asString());
            }
            List<Map<String, Object>> all = alerts(serviceId);
            assertTrue(all.stream().filter(a -> !"resolved".equals(a.get("status"))).count() <= 1,
                    "at most one open alert per key: " + all);
            for (Map<String, Object> a : all) {
                if ("resolved".equals(a.get("status"))) {
                    assertNotNull(a.get("resolvedAt"), a.toString());
                    assertTrue(pages(a.get("id")).stream().noneMatch(p -> "PENDING".equals(p.get("status"))),
                            "a resolved alert has nothing left to send: " + pages(a.get("id")));
                } else {
                    assertEquals(1, pages(a.get("id")).size(), "an open alert was paged once: " + a);
                }
            }
        }
        assertTrue(alerts(serviceId).size() > 1, "the race was real: alerts were opened and resolved");
    }
}
