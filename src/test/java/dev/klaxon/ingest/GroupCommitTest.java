package dev.klaxon.ingest;

import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.Severity;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.ProblemMapper;
import dev.klaxon.service.Integration;
import dev.klaxon.service.IntegrationKeys;
import dev.klaxon.testing.KlaxonTestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: events of concurrent requests share one transaction (group commit), a failing event fails alone, a
 * duplicate trigger is counted on its alert instead of writing a timeline row, and the integration-key cache forgets
 * a deleted integration at once.
 */
@QuarkusTest
class GroupCommitTest {

    @Inject
    GroupCommit groupCommit;

    @Inject
    IntegrationKeys keys;

    private static AlertEvent trigger(String dedupKey) {
        return new AlertEvent(AlertEvent.Action.TRIGGER, dedupKey, "disk full on " + dedupKey, Severity.WARNING,
                "test", Map.of(), List.of(), null);
    }

    private static long count(String sql, String arg) throws Exception {
        try (Connection c = KlaxonTestEnvironment.connect(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aFailingEventInABatchFailsAloneAndItsNeighboursAreStored() throws Exception {
        String serviceId = service(policy("PT5M", 0, user("Batch")));
        Integration good = keys.byKey(integration(serviceId, "GENERIC")).orElseThrow();
        // an integration whose service is gone (deleted through another replica, still in this one's cache):
        // opening its alert breaks the service foreign key
        Integration gone = new Integration();
        gone.id = UUID.randomUUID();
        gone.serviceId = UUID.randomUUID();
        gone.type = good.type;
        gone.name = "gone";
        String open = "open-" + UUID.randomUUID();
        GroupCommit.Job first = new GroupCommit.Job(good, trigger(open), new CompletableFuture<>());
        groupCommit.write(List.of(first));
        assertEquals("created", first.done().get(10, TimeUnit.SECONDS).outcome()); // answered: the alert is open

        List<GroupCommit.Job> batch = new ArrayList<>();
        batch.add(new GroupCommit.Job(good, trigger("a"), new CompletableFuture<>()));
        batch.add(new GroupCommit.Job(gone, trigger("broken"), new CompletableFuture<>()));
        batch.add(new GroupCommit.Job(good, trigger(open), new CompletableFuture<>())); // a duplicate
        batch.add(new GroupCommit.Job(good, trigger("b"), new CompletableFuture<>()));
        groupCommit.write(batch);

        for (int i : new int[]{0, 2, 3}) {
            Ingestion.Result r = batch.get(i).done().get(10, TimeUnit.SECONDS);
            assertNotNull(r.alert(), r.toString());
            // answered only after the commit: another connection sees it
            assertEquals(1, count("SELECT count(*) FROM alert WHERE id = ?::uuid", r.alert().id.toString()), r.toString());
        }
        assertEquals("created", batch.get(0).done().get().outcome());
        assertEquals("deduplicated", batch.get(2).done().get().outcome());
        assertEquals("created", batch.get(3).done().get().outcome());
        ExecutionException broken = assertThrows(ExecutionException.class, () -> batch.get(1).done().get(10, TimeUnit.SECONDS));
        // its key is unknown by now: the sender hears 404, as it will from every replica a moment later, not a 500
        assertEquals(404, ProblemMapper.problem((KlaxonException) broken.getCause()).status(), broken.getCause().toString());
        assertEquals(3, count("SELECT count(*) FROM alert WHERE service_id = ?::uuid", serviceId));
    }

    @Test
    void alertsOfABatchOpenSideBySideSoOneThatWaitsHoldsUpNoOther() throws Exception {
        String serviceId = service(policy("PT5M", 0, user("Side")));
        Integration good = keys.byKey(integration(serviceId, "GENERIC")).orElseThrow();
        List<GroupCommit.Job> batch = new ArrayList<>();
        for (String k : new String[]{"held", "free-1", "free-2", "free-3"}) {
            batch.add(new GroupCommit.Job(good, trigger(k), new CompletableFuture<>()));
        }
        // another transaction holds the lock under which "held" would open its alert
        try (Connection c = KlaxonTestEnvironment.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                st.setString(1, serviceId + ":held");
                st.executeQuery().close();
            }
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> groupCommit.write(batch));
            // the others are opened and answered while "held" still waits (in one shared transaction, or one
            // after another on the writer, they would wait for it)
            for (int i = 1; i < batch.size(); i++) {
                assertEquals("created", batch.get(i).done().get(10, TimeUnit.SECONDS).outcome());
            }
            assertTrue(!batch.get(0).done().isDone(), "held is still waiting for the lock");
            c.commit();
            written.get(10, TimeUnit.SECONDS);
        }
        assertEquals("created", batch.get(0).done().get(10, TimeUnit.SECONDS).outcome());
        assertEquals(4, count("SELECT count(*) FROM alert WHERE service_id = ?::uuid", serviceId));
    }

    @Test
    void duplicatesAreCountedOnTheAlertNotWrittenAsTimelineRows() throws Exception {
        String serviceId = service(policy("PT5M", 0, user("Dup")));
        String key = integration(serviceId, "GENERIC");
        String body = "{\"action\":\"trigger\",\"dedupKey\":\"cpu\",\"summary\":\"cpu hot\"}";
        String alertId = hook(key, body).then().statusCode(202).extract().path("alertId");
        long rows = count("SELECT count(*) FROM alert_log WHERE alert_id = ?::uuid", alertId);
        for (int i = 0; i < 5; i++) {
            assertEquals(alertId, hook(key, body).then().statusCode(202).extract().path("alertId"));
        }
        assertEquals(rows, count("SELECT count(*) FROM alert_log WHERE alert_id = ?::uuid", alertId),
                "a duplicate writes no timeline row");
        assertEquals(5, count("SELECT duplicate_count FROM alert WHERE id = ?::uuid", alertId));
        List<Map<String, Object>> t = admin().get("/api/v1/alerts/" + alertId).then().statusCode(200).extract().path("timeline");
        List<Map<String, Object>> dups = t.stream().filter(e -> "deduplicated".equals(e.get("kind"))).toList();
        assertEquals(1, dups.size(), t.toString());
        assertTrue(((String) dups.get(0).get("message")).startsWith("Trigger deduplicated ×5 into the open alert, last at "),
                dups.toString());
        assertEquals(t.get(t.size() - 1), dups.get(0), "the last thing that happened: " + t);
    }

    @Test
    void aDeletedIntegrationIsForgottenAtOnce() {
        String serviceId = service(policy("PT5M", 0, user("Gone")));
        String key = integration(serviceId, "GENERIC");
        hook(key, "{\"action\":\"trigger\",\"summary\":\"x\"}").then().statusCode(202); // now cached
        String id = admin().get("/api/v1/services/" + serviceId + "/integrations").then().statusCode(200)
                .extract().path("[0].id");
        admin().delete("/api/v1/services/" + serviceId + "/integrations/" + id).then().statusCode(204);
        hook(key, "{\"action\":\"trigger\",\"summary\":\"x\"}").then().statusCode(404);
    }
}
