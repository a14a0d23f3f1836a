package dev.klaxon.engine;

import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.Replica;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replicas as they run in production: separate JVMs of the packaged application sharing one PostgreSQL and
 * nothing else. Each replica sends from its own Twilio number, so every SMS says which process sent it.
 *
 * <ol>
 *   <li>Replica A claims a page and hangs in the Twilio call (its Twilio answers nothing); A is killed with
 *       {@code kill -9}. Replica B, started afterwards, finds the expired lease, asks Twilio, and sends the page:
 *       exactly once, from B's number.</li>
 *   <li>B and a restarted A then both sweep and dispatch the same alerts: every step of every alert is paged
 *       exactly once, whichever replica wins each row.</li>
 * </ol>
 */
class SecondReplicaIT {

    private static final String FROM_A = "+15005550006";
    private static final String FROM_B = "+15005550007";
    private static final String FROM_A2 = "+15005550008";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static FakeTwilio twilio;
    private static ServerSocket blackHole;
    private static final List<Socket> held = new CopyOnWriteArrayList<>();
    private static final List<Replica> replicas = new ArrayList<>();
    private static String jdbcUrl;

    @BeforeAll
    static void database() throws Exception {
        String db = System.getProperty("klaxon.test.db-name", "klaxon_test") + "_replicas";
        String host = System.getProperty("klaxon.test.db-host", "127.0.0.1:5432");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + "/postgres", postgres());
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
        jdbcUrl = "jdbc:postgresql://" + host + "/" + db;
        twilio = FakeTwilio.start();
        // a Twilio that accepts the connection and never answers: the sender hangs mid-call
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!blackHole.isClosed()) {
                try {
                    held.add(blackHole.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "black-hole-twilio");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stopEverything() throws IOException {
        replicas.forEach(Replica::close);
        if (blackHole != null) {
            blackHole.close();
        }
        for (Socket s : held) {
            s.close();
        }
        if (twilio != null) {
            twilio.close();
        }
    }

    private static Replica start(String name, int port, String twilioUrl, String from) {
        Replica r = Replica.start(name, port, jdbcUrl, Map.of(
                "klaxon.twilio.account-sid", twilio.accountSid(),
                "klaxon.twilio.auth-token", twilio.authToken(),
                "klaxon.twilio.from-number", from,
                "klaxon.twilio.api-base-url", twilioUrl,
                "klaxon.twilio.response-timeout", "PT120S",
                // short leases, so a dead replica's rows are taken over within seconds
                "klaxon.dispatch.lease", "PT5S",
                "quarkus.quartz.cluster-checkin-interval", "2000"));
        replicas.add(r);
        return r;
    }

    @Test
    void aPageHeldByAKilledReplicaIsSentOnceByTheOtherAndBothReplicasTogetherPageEveryStepOnce() throws Exception {
        // 1. A claims the page and hangs in the provider call; then it dies
        Replica a = start("replica-a", Replica.port(1), "http://127.0.0.1:" + blackHole.getLocalPort(), FROM_A);
        String phone = phone();
        String key = integration(a, policy(a, "PT1H", user(a, phone)));
        String alertId = a.trigger(key, "ledger drift");
        until("replica A holds the page mid-send", () -> outboxStatuses(alertId).equals(List.of("SENDING")));
        until("replica A is inside the Twilio call", () -> !held.isEmpty());
        a.kill();

        // 2. B takes over from the expired lease: Twilio has no record, so B sends it, once
        Replica b = start("replica-b", Replica.port(2), twilio.url(), FROM_B);
        until("the page is sent after the take-over", () -> twilio.messagesTo(phone).size() == 1
                && outboxStatuses(alertId).equals(List.of("SENT")));
        assertEquals(FROM_B, twilio.messagesTo(phone).get(0).param("From"));

        // 3. B and a restarted A both sweep and dispatch: 20 alerts, two steps each, every page exactly once
        Replica a2 = start("replica-a2", Replica.port(3), twilio.url(), FROM_A2);
        List<String> firsts = new ArrayList<>();
        List<String> seconds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Replica via = i % 2 == 0 ? a2 : b;
            firsts.add(phone());
            seconds.add(phone());
            String k = integration(via, policy(via, "PT3S", user(via, firsts.get(i)), user(via, seconds.get(i))));
            via.trigger(k, "shard " + i + " down");
        }
        until("every second step was paged", () -> seconds.stream().allMatch(p -> !twilio.messagesTo(p).isEmpty()));
        until("the outbox is quiet", () -> count("SELECT count(*) FROM outbox WHERE status IN ('PENDING', 'SENDING')") == 0);
        Thread.sleep(2_000); // a quiet interval: a duplicate from the slower replica would land in it
        for (String p : firsts) {
            assertEquals(1, twilio.messagesTo(p).size(), "first step to " + p + ": " + twilio.messagesTo(p));
        }
        for (String p : seconds) {
            assertEquals(1, twilio.messagesTo(p).size(), "second step to " + p + ": " + twilio.messagesTo(p));
        }
        // each step of each alert was advanced once ("Step 1 was not acknowledged…" once per alert, not once per replica)
        assertEquals(0, count("SELECT count(*) FROM (SELECT alert_id, message FROM alert_log WHERE kind = 'escalated' "
                + "GROUP BY alert_id, message HAVING count(*) > 1) twice"), "a step of an alert escalated twice");
        assertEquals(20, count("SELECT count(DISTINCT alert_id) FROM alert_log WHERE kind = 'escalated' "
                + "AND message LIKE 'Step 1 %'"), "every two-step alert escalated past step 1");
        Map<String, Long> byReplica = twilio.messages().stream()
                .collect(Collectors.groupingBy(r -> r.param("From"), Collectors.counting()));
        assertTrue(byReplica.containsKey(FROM_B), "B sent: " + byReplica);
        System.out.println("SecondReplicaIT: SMS per sending replica " + byReplica);
    }

    // ---------------------------------------------------------------- helpers

    private static String phone() {
        return "+49151" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    /** A user with an SMS number, made through this replica. */
    private static String user(Replica r, String phone) {
        String id = r.user("Replica User");
        r.contact(id, "SMS", phone);
        return id;
    }

    private static String policy(Replica r, String delay, String... userIds) {
        return r.policy(delay, userIds);
    }

    private static String integration(Replica r, String policyId) {
        return r.integration(policyId);
    }

    private static List<String> outboxStatuses(String alertId) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, postgres());
             PreparedStatement st = c.prepareStatement("SELECT status FROM outbox WHERE alert_id = ?::uuid ORDER BY created_at")) {
            st.setString(1, alertId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, postgres());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void until(String what, BooleanSupplier condition) {
        Eventually.await(condition::getAsBoolean, Boolean.TRUE::equals, WAIT,
                what + " (Twilio saw " + twilio.requests().size() + " requests)");
    }

    private static Properties postgres() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return p;
    }
}
