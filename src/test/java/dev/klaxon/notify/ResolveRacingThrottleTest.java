package dev.klaxon.notify;

import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.rule;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The race CI once lost, forced step by step: the dispatcher has claimed a page (SENDING) and the throttle has read
 * its alert as triggered; a resolve commits; the throttle then stores its decision (a repeat chained, or the row
 * held PENDING by a rate limit). The resolve canceled only rows PENDING when it ran, so on the old code a resolved
 * alert kept a PENDING page. The throttle now locks the alert for its decision, and the resolve waits for it.
 *
 * <p>The pause inside the throttle is real and deterministic: for SMS it takes the contact method's advisory lock
 * after reading the alert, and this test holds that lock until the resolve has had its chance. Repeat the scenario
 * with {@code -Dracetest.runs=20}.</p>
 */
@QuarkusTest
class ResolveRacingThrottleTest {

    @Inject
    Throttle throttle;

    @Test
    void aResolveDuringTheThrottlesDecisionLeavesNothingPending() throws Exception {
        int runs = Integer.getInteger("racetest.runs", 1);
        for (int run = 0; run < runs; run++) {
            oneRace();
        }
    }

    private void oneRace() throws Exception {
        String u = user("Racer");
        String phone = phone();
        String sms = contact(u, "SMS", phone);
        rule(u, sms, "PT0S", "PT1M");
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"racing\"}").then().statusCode(202).extract().path("alertId");
        Pages.awaitSms(phone, 1);
        UUID repeat = Eventually.await(() -> pendingRow(alertId), java.util.Objects::nonNull, "the first repeat written");
        // what the dispatcher's claim does: the row is ours, SENDING
        sql("UPDATE outbox SET status = 'SENDING', lease_until = now() + interval '1 hour', attempts = attempts + 1 "
                + "WHERE id = '" + repeat + "' AND status = 'PENDING'", 1);

        try (Connection gate = KlaxonTestEnvironment.connect()) {
            gate.setAutoCommit(false);
            try (PreparedStatement st = gate.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                st.setString(1, "klaxon-page:" + sms);
                st.executeQuery().close();
            }
            OutboxEntry claimed = new OutboxEntry();
            claimed.id = repeat;
            claimed.alertId = UUID.fromString(alertId);
            CompletableFuture<Throttle.Admission> decision = CompletableFuture.supplyAsync(() -> throttle.admit(List.of(claimed)));
            Eventually.until(() -> waiting("advisory") == 1, "the throttle has read the alert and waits at the gate");
            CompletableFuture<Integer> resolve = CompletableFuture.supplyAsync(
                    () -> admin().post("/api/v1/alerts/" + alertId + "/resolve").then().extract().statusCode());
            // the resolve either completes (the old code: nothing stops it) or waits for the throttle's lock
            Eventually.until(() -> resolve.isDone() || waiting("transactionid") + waiting("tuple") > 0, "the resolve ran or waits");
            gate.commit();
            decision.get(20, TimeUnit.SECONDS);
            assertEquals(200, resolve.get(20, TimeUnit.SECONDS));
        } finally {
            // the claimed row was never handed to a sender: end it, so no later test sees a page in flight
            sql("UPDATE outbox SET status = 'CANCELED', lease_until = NULL WHERE id = '" + repeat + "' AND status = 'SENDING'", -1);
        }
        assertEquals("resolved", admin().get("/api/v1/alerts/" + alertId).then().extract().path("status"));
        assertEquals(List.of(), pendingRows(alertId), "a resolved alert has nothing left to send");
    }

    private static UUID pendingRow(String alertId) {
        List<UUID> rows = pendingRows(alertId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static List<UUID> pendingRows(String alertId) {
        try (Connection c = KlaxonTestEnvironment.connect();
             PreparedStatement st = c.prepareStatement("SELECT id FROM outbox WHERE alert_id = ?::uuid AND status = 'PENDING'")) {
            st.setString(1, alertId);
            List<UUID> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int waiting(String lockType) {
        try (Connection c = KlaxonTestEnvironment.connect();
             PreparedStatement st = c.prepareStatement(
                     // pg_locks is the whole cluster's: only sessions of this test's database count
                     "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                             + " WHERE l.locktype = ? AND NOT l.granted AND a.datname = current_database()")) {
            st.setString(1, lockType);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String statement, int expected) throws SQLException {
        try (Connection c = KlaxonTestEnvironment.connect()) {
            int n = c.createStatement().executeUpdate(statement);
            if (expected >= 0) {
                assertEquals(expected, n, statement);
            }
        }
    }
}
