package dev.klaxon.notify;

import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The locks of a dispatch decision ({@link Throttle}), forced from a second connection — no mocks, no timing luck.
 *
 * <p>A decision never waits for an alert a writer holds: an ingest batch locks alerts in (service, dedup key) order
 * and a resolve locks its alert and then its outbox rows, so a decision that waited for one alert while holding
 * another could close a deadlock cycle (PostgreSQL then broke it after a second, and the round failed). The held
 * alert's page is settled after the others went, waiting for that alert alone. A decision that does fail after its
 * claim committed gives the claimed rows back at once instead of leaving them SENDING until the lease runs out.
 * Repeat with {@code -Dracetest.runs=10}.</p>
 */
@QuarkusTest
class DispatchDecisionLocksTest {

    private static final int RUNS = Integer.getInteger("racetest.runs", 1);

    @Inject
    Dispatcher dispatcher;

    record Paged(String alertId, String phone, String contactMethod) {
    }

    private static Paged paged(String name) {
        String u = user(name);
        String phone = phone();
        String sms = contact(u, "SMS", phone);
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"" + name + "\"}").then().statusCode(202)
                .extract().path("alertId");
        return new Paged(alertId, phone, sms);
    }

    @Test
    void aDecisionSkipsAnAlertAWriterHoldsAndTheNextRoundSendsItsPage() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            Settled.await(); // the only due pages are this run's
            dispatcher.pause();
            Paged a;
            Paged b;
            try (Connection writer = KlaxonTestEnvironment.connect()) {
                a = paged("Held");
                b = paged("Free");
                writer.setAutoCommit(false);
                // what an ingest batch counting a duplicate holds until its commit
                sql(writer, "SELECT 1 FROM alert WHERE id = '" + a.alertId + "' FOR NO KEY UPDATE");
                CompletableFuture<Integer> round = CompletableFuture.supplyAsync(this::drain);
                // the other alert's page goes while the writer still holds the first: the decision did not wait
                Pages.awaitSms(b.phone, 1);
                // the writer goes on to the other alert, as a batch does: nothing of the decision holds it up
                sql(writer, "UPDATE alert SET updated_at = now() WHERE id = '" + b.alertId + "'");
                assertEquals(List.of("SENDING 1"), rows(a.alertId), "the held alert's page waits for its writer");
                writer.commit();
                assertEquals(2, round.get(10, TimeUnit.SECONDS), "both claimed");
                assertEquals(List.of("PENDING 0"), rows(a.alertId), "then given back, the attempt not counted");
            } finally {
                dispatcher.resume();
            }
            Pages.awaitSms(a.phone, 1);
            Settled.await();
            assertEquals(1, Pages.sentTo(a.phone), "the held alert's page went once, in the next round");
            assertEquals(1, Pages.sentTo(b.phone));
        }
    }

    @Test
    void aRoundWhoseDecisionFailsGivesItsClaimBackAndTheNextRoundSendsItOnce() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            Settled.await();
            dispatcher.pause();
            Paged p;
            try (Connection gate = KlaxonTestEnvironment.connect()) {
                gate.setAutoCommit(false);
                String u = user("Gated");
                String phone = phone();
                String sms = contact(u, "SMS", phone);
                // the contact method's advisory lock, which the decision takes after the claim (rate limits)
                try (PreparedStatement st = gate.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    st.setString(1, "klaxon-page:" + sms);
                    st.executeQuery().close();
                }
                String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
                p = new Paged(hook(key, "{\"action\":\"trigger\",\"summary\":\"gated\"}").then().statusCode(202)
                        .extract().path("alertId"), phone, sms);
                CompletableFuture<Integer> round = CompletableFuture.supplyAsync(this::drain);
                Integer pid = Eventually.await(DispatchDecisionLocksTest::waitingForAdvisoryLock, Objects::nonNull,
                        "the round has claimed the page and its decision waits for the contact method's lock");
                assertEquals(List.of("SENDING 1"), rows(p.alertId), "claimed, and the claim committed");
                // what PostgreSQL does to the loser of a deadlock: its statement fails, its transaction rolls back
                sql(gate, "SELECT pg_cancel_backend(" + pid + ")");
                ExecutionException failed = assertThrows(ExecutionException.class, () -> round.get(20, TimeUnit.SECONDS),
                        "the round failed");
                assertInstanceOf(RuntimeException.class, failed.getCause());
                assertEquals(List.of("PENDING 0"), rows(p.alertId), "given back at once, the attempt not counted");
                gate.rollback();
            } finally {
                dispatcher.resume();
            }
            Pages.awaitSms(p.phone, 1);
            Settled.await();
            assertEquals(1, Pages.sentTo(p.phone), "sent once, by the next round");
        }
    }

    private int drain() {
        try {
            return dispatcher.drain();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(Connection c, String statement) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(statement)) {
            st.execute();
        }
    }

    /** The backend of this test database that waits for an advisory lock (the decision), or null. */
    private static Integer waitingForAdvisoryLock() {
        try (Connection c = KlaxonTestEnvironment.connect();
             PreparedStatement st = c.prepareStatement("""
                     SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")) {
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The alert's outbox rows as "STATUS attempts", with no lease left on a PENDING one. */
    private static List<String> rows(String alertId) {
        try (Connection c = KlaxonTestEnvironment.connect();
             PreparedStatement st = c.prepareStatement("""
                     SELECT status, attempts, lease_until IS NOT NULL FROM outbox WHERE alert_id = ?::uuid""")) {
            st.setString(1, alertId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    boolean leased = rs.getBoolean(3);
                    out.add(rs.getString(1) + " " + rs.getInt(2) + ("PENDING".equals(rs.getString(1)) && leased ? " leased" : ""));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
