package dev.klaxon.ingest;

import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alertmanager and Grafana: one alert per group, joins and leaves on its timeline, repeats change nothing. */
@QuarkusTest
class GroupIngestTest {

    record Setup(String serviceId, String key, String phone, List<String> samples, String first, String second) {
    }

    Setup setup(String format) {
        String u = user("Grace");
        String phone = phone();
        contact(u, "SMS", phone);
        String service = service(policy("PT5M", 0, u));
        boolean am = format.equals("ALERTMANAGER");
        return new Setup(service, integration(service, format), phone, am ? Samples.ALERTMANAGER : Samples.GRAFANA,
                am ? "checkout-7d9f:8080" : "node-1:9100", am ? "checkout-a1b2:8080" : "node-2:9100");
    }

    static List<String> timeline(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId).then().statusCode(200).extract().path("timeline.message");
    }

    static int pages(String alertId) {
        List<?> rows = admin().get("/api/v1/alerts/" + alertId + "/notifications").then().statusCode(200).extract().path("$");
        return rows.size();
    }

    static String post(Setup s, int sample) {
        return hook(s.key(), Samples.text(s.samples().get(sample))).then().statusCode(202).extract().path("alertId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALERTMANAGER", "GRAFANA"})
    void theSamplesDriveOneAlertThroughJoinLeaveAndResolve(String format) {
        Setup s = setup(format);
        String id = hook(s.key(), Samples.text(s.samples().get(0))).then().statusCode(202)
                .body("status", is("triggered")).extract().path("alertId");
        Pages.awaitSms(s.phone(), 1);
        assertTrue(timeline(id).contains("firing: " + s.first()), timeline(id).toString());

        assertEquals(id, post(s, 1));
        assertTrue(timeline(id).contains("joined: " + s.second()), timeline(id).toString());
        int lines = timeline(id).size();
        assertEquals(id, post(s, 1), "a duplicate delivery (an HA peer) lands in the same alert");
        assertEquals(lines, timeline(id).size(), "and writes nothing: " + timeline(id));

        assertEquals(id, post(s, 2));
        assertTrue(timeline(id).contains("resolved: " + s.first()), timeline(id).toString());
        assertEquals("triggered", admin().get("/api/v1/alerts/" + id).then().extract().path("status"));
        lines = timeline(id).size();
        assertEquals(id, post(s, 2));
        assertEquals(lines, timeline(id).size());

        hook(s.key(), Samples.text(s.samples().get(3))).then().statusCode(202).body("alertId", is(id)).body("status", is("resolved"));
        List<String> t = timeline(id);
        assertTrue(t.contains("resolved: " + s.second()), t.toString());
        assertTrue(t.stream().noneMatch(m -> m.startsWith("Trigger deduplicated")), t.toString());
        admin().get("/api/v1/alerts/" + id).then().body("resolvedAt", org.hamcrest.Matchers.notNullValue());
        // the resolved group delivered again: nothing is open under that key any more, nothing changes
        hook(s.key(), Samples.text(s.samples().get(3))).then().statusCode(202).body("alertId", nullValue());
        assertEquals(t.size(), timeline(id).size());
        assertEquals(1, pages(id), "one group, one page");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALERTMANAGER", "GRAFANA"})
    void aMemberJoiningAnAcknowledgedGroupIsRecordedNotPaged(String format) throws Exception {
        Setup s = setup(format);
        String id = post(s, 0);
        Pages.awaitSms(s.phone(), 1);
        admin().post("/api/v1/alerts/" + id + "/acknowledge").then().statusCode(200);

        assertEquals(id, post(s, 1));
        admin().get("/api/v1/alerts/" + id).then().body("status", is("acknowledged"));
        assertTrue(timeline(id).contains("joined: " + s.second()), timeline(id).toString());
        Settled.await();
        assertEquals(1, pages(id));
        assertEquals(1, Pages.sentTo(s.phone()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALERTMANAGER", "GRAFANA"})
    void highAvailabilityPeersDeliveringTheSameNotificationAtOnceOpenOneAlertAndPageOnce(String format) throws Exception {
        Setup s = setup(format);
        String body = Samples.text(s.samples().get(0));
        int peers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(peers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                calls.add(() -> {
                    go.await();
                    return hook(s.key(), body).then().statusCode(202).extract().path("alertId");
                });
            }
            List<Future<String>> results = new ArrayList<>();
            calls.forEach(c -> results.add(pool.submit(c)));
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<String> f : results) {
                ids.add(f.get());
            }
            assertEquals(1, ids.size(), ids.toString());
            String id = ids.iterator().next();
            List<String> t = timeline(id);
            assertEquals(1, t.stream().filter(m -> m.startsWith("firing: ")).count(), t.toString());
            assertTrue(t.stream().noneMatch(m -> m.startsWith("Trigger deduplicated") || m.startsWith("joined")), t.toString());
            assertEquals(1, pages(id));
        } finally {
            pool.shutdownNow();
        }
    }
}
