package dev.klaxon.bench;

import dev.klaxon.testing.FakeTwilio;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13's chaos run: three packaged Klaxon replicas share one PostgreSQL (its own, created here with initdb
 * and pg_ctl on a port of its own, never the shared one), 150 alerts of two steps (SMS only, step 2 after 1
 * minute, each alert with its own two responders). As step 2 falls due: the fake Twilio answers 500 to its next
 * 40 requests; one replica is killed with SIGKILL; PostgreSQL is stopped for 10 s; then every Twilio request
 * fails for 15 s and times out for 20 s more, and a second replica is killed. Then it counts, per phone,
 * the messages the fake Twilio created: a phone with none lost its page, one with two got it twice.
 *
 * <pre>./mvnw -B package -DskipTests && bench/chaos.sh</pre>
 * System properties: chaos.alerts (150), chaos.port (18601; replicas use it and the next two, PostgreSQL
 * port + 9), chaos.settle (seconds to wait for late duplicates after the last page, 90).
 */
public final class ChaosBench {

    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        int alerts = Integer.getInteger("chaos.alerts", 150);
        int port = Integer.getInteger("chaos.port", 18601);
        int pgPort = port + 9;
        int settle = Integer.getInteger("chaos.settle", 90);
        Path pgDir = Path.of("/tmp/klaxon-chaos-pg-" + pgPort);
        Path logs = Path.of("target/chaos");
        Files.createDirectories(logs);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Process> replicas = new ArrayList<>();
        Postgres pg = new Postgres(pgDir, pgPort);
        try (FakeTwilio twilio = FakeTwilio.start()) {
            pg.init();
            pg.start();
            pg.createDatabase("klaxon");
            for (int i = 0; i < 3; i++) {
                replicas.add(startKlaxon(port + i, pgPort, twilio, logs.resolve("replica-" + (i + 1) + ".log").toFile()));
                awaitReady(http, port + i); // one at a time: the first runs the migrations
            }
            log("3 replicas ready on ports %d-%d, PostgreSQL on %d", port, port + 2, pgPort);

            String base = "http://127.0.0.1:" + port;
            List<String> keys = new ArrayList<>();
            List<String> first = new ArrayList<>();
            List<String> second = new ArrayList<>();
            for (int i = 0; i < alerts; i++) {
                String p1 = "+49151" + (10_000_000 + i);
                String p2 = "+49152" + (10_000_000 + i);
                String a = responder(http, base, "A" + i, p1);
                String b = responder(http, base, "B" + i, p2);
                String policy = id(post(http, base + "/api/v1/escalation-policies", "{\"name\":\"p" + i + "\",\"repeat\":0,\"steps\":["
                        + "{\"delay\":\"PT1M\",\"targets\":[{\"type\":\"USER\",\"id\":\"" + a + "\"}]},"
                        + "{\"delay\":\"PT30M\",\"targets\":[{\"type\":\"USER\",\"id\":\"" + b + "\"}]}]}"));
                String service = id(post(http, base + "/api/v1/services", "{\"name\":\"s" + i + "\",\"escalationPolicyId\":\"" + policy + "\"}"));
                Matcher m = KEY.matcher(post(http, base + "/api/v1/services/" + service + "/integrations", "{\"type\":\"GENERIC\",\"name\":\"chaos\"}"));
                m.find();
                keys.add(m.group(1));
                first.add(p1);
                second.add(p2);
            }
            log("%d alerts' responders set up", alerts);

            long t0 = System.nanoTime();
            for (int i = 0; i < alerts; i++) {
                String replica = "http://127.0.0.1:" + (port + i % 3); // a load balancer's round robin
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(replica + "/hooks/" + keys.get(i)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"trigger\",\"summary\":\"chaos " + i + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 202) {
                    throw new IllegalStateException("trigger " + i + " → " + r.statusCode() + " " + r.body());
                }
            }
            log("%d alerts triggered; step 2 falls due in a minute", alerts);

            at(t0, 55);
            twilio.failNext(500, null, 40);
            log("fake Twilio: the next 40 requests answer 500");
            at(t0, 68);
            replicas.get(0).destroyForcibly();
            log("replica 1 killed (SIGKILL)");
            at(t0, 75);
            pg.stop();
            log("PostgreSQL stopped");
            at(t0, 85);
            pg.start();
            log("PostgreSQL started again");
            at(t0, 90);
            int left = twilio.clearFaults();
            twilio.outage(FakeTwilio.Outage.ERRORS);
            log("fake Twilio: %d of the 40 failures were used; now every request answers 500", 40 - left);
            at(t0, 105);
            twilio.outage(FakeTwilio.Outage.TIMEOUTS);
            log("fake Twilio: every request times out");
            at(t0, 110);
            replicas.get(1).destroyForcibly();
            log("replica 2 killed (SIGKILL)");
            at(t0, 125);
            twilio.outage(FakeTwilio.Outage.NONE);
            log("fake Twilio works again; replica 3 is the only one left");

            long deadline = t0 + TimeUnit.SECONDS.toNanos(480);
            while (System.nanoTime() < deadline && second.stream().anyMatch(p -> twilio.messagesTo(p).isEmpty())) {
                TimeUnit.SECONDS.sleep(1);
            }
            long allOut = System.nanoTime();
            log("last step-2 page out %.0f s after the alerts were triggered; waiting %d s for late duplicates",
                    (allOut - t0) / 1e9, settle);
            TimeUnit.SECONDS.sleep(settle);

            int lost1 = 0;
            int dup1 = 0;
            int lost2 = 0;
            int dup2 = 0;
            for (String p : first) {
                int n = twilio.messagesTo(p).size();
                lost1 += n == 0 ? 1 : 0;
                dup1 += n > 1 ? 1 : 0;
            }
            for (String p : second) {
                int n = twilio.messagesTo(p).size();
                lost2 += n == 0 ? 1 : 0;
                dup2 += n > 1 ? 1 : 0;
            }
            long failedRequests = twilio.requests().stream().filter(r -> "POST".equals(r.method()) && r.responseStatus() >= 500).count();
            System.out.printf("%n=== chaos run: %d alerts, 3 replicas, %d cores ===%n", alerts, Runtime.getRuntime().availableProcessors());
            System.out.printf("step 1 pages: %d lost, %d duplicated%n", lost1, dup1);
            System.out.printf("step 2 pages: %d lost, %d duplicated%n", lost2, dup2);
            System.out.printf("Twilio requests answered 5xx or timed out: %d of %d%n", failedRequests, twilio.requests().size());
            System.out.printf("last step-2 page out %.0f s after trigger (step 2 due at 60 s)%n", (allOut - t0) / 1e9);
            System.out.println("outbox rows by status: " + outboxStatuses(pgPort));
        } finally {
            for (Process p : replicas) {
                p.destroy();
            }
            for (Process p : replicas) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            pg.stop();
        }
        System.exit(0);
    }

    private static void at(long t0, int second) throws InterruptedException {
        long wait = t0 + TimeUnit.SECONDS.toNanos(second) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("%s  %s%n", Instant.now(), String.format(format, args));
    }

    private static Map<String, Integer> outboxStatuses(int pgPort) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/klaxon", p);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status, count(*) FROM outbox GROUP BY status")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static String responder(HttpClient http, String base, String name, String phone) throws Exception {
        String user = id(post(http, base + "/api/v1/users", "{\"name\":\"" + name + "\",\"email\":\"" + name.toLowerCase() + "@chaos.example\"}"));
        post(http, base + "/api/v1/users/" + user + "/contact-methods", "{\"type\":\"SMS\",\"address\":\"" + phone + "\"}");
        return user;
    }

    private static Process startKlaxon(int port, int pgPort, FakeTwilio twilio, File log) throws Exception {
        return Bench.startKlaxon("jdbc:postgresql://127.0.0.1:" + pgPort + "/klaxon", port, port + 20, twilio,
                Map.of("KLAXON_TWILIO_RESPONSE_TIMEOUT", "PT3S", "KLAXON_INGEST_RATE_LIMIT_EVENTS_PER_MINUTE", "0"),
                List.of("-Xmx256m"), log);
    }

    private static void awaitReady(HttpClient http, int port) throws Exception {
        Bench.awaitReady(http, port + 20, 120, "target/chaos/");
    }

    private static String post(HttpClient http, String url, String json) throws Exception {
        return Bench.post(http, url, json);
    }

    private static String id(String body) {
        return Bench.id(body);
    }

    /**
     * A PostgreSQL of the run's own: initdb into a fresh directory, pg_ctl on its own port. PostgreSQL refuses to
     * run as root, so as root it runs as the {@code postgres} system user.
     */
    static final class Postgres {
        private final Path dir;
        private final int port;
        private final boolean root = "root".equals(System.getProperty("user.name"));

        Postgres(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        void init() throws Exception {
            run(List.of("rm", "-rf", dir.toString()), false);
            run(List.of("mkdir", "-p", dir.toString()), false);
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), false);
            }
            run(List.of("initdb", "-D", dir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"), true);
        }

        void start() throws Exception {
            run(List.of("pg_ctl", "-D", dir.toString(), "-l", dir + "/server.log", "-w", "-t", "60", "-o",
                    "-p " + port + " -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off", "start"), true);
        }

        void stop() {
            try {
                run(List.of("pg_ctl", "-D", dir.toString(), "-m", "fast", "-w", "-t", "60", "stop"), true);
            } catch (Exception e) {
                System.out.println("pg_ctl stop: " + e.getMessage());
            }
        }

        void createDatabase(String name) throws Exception {
            Properties p = new Properties();
            p.setProperty("user", "postgres");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
                 Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
        }

        private void run(List<String> command, boolean asPostgres) throws Exception {
            List<String> full = new ArrayList<>();
            if (asPostgres && root) {
                full.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            full.addAll(command);
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed: " + out);
            }
        }
    }
}
