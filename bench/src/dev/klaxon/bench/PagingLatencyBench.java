package dev.klaxon.bench;

import dev.klaxon.testing.FakeTwilio;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook-to-provider latency. Starts the packaged Klaxon (target/quarkus-app) against the local PostgreSQL
 * (database klaxon_bench, recreated) and a fake Twilio, gives every alert its own responder, posts alerts at a
 * steady rate and reports the time from each webhook's 202 to the fake Twilio receiving that responder's SMS.
 *
 * <pre>./mvnw -B package -DskipTests && ./mvnw -B -Pbench test-compile exec:java -Dbench=paging</pre>
 * System properties: bench.rate (alerts/s, 100), bench.seconds (20), bench.port (18080), bench.management-port
 * (18081: health is on the management interface, not the public port).
 */
public final class PagingLatencyBench {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final String TOKEN = "bench-admin-token";

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 100);
        int seconds = Integer.getInteger("bench.seconds", 20);
        int port = Integer.getInteger("bench.port", 18080);
        int managementPort = Integer.getInteger("bench.management-port", port + 1);
        int alerts = rate * seconds;
        String base = "http://127.0.0.1:" + port;

        recreateDatabase();
        try (FakeTwilio twilio = FakeTwilio.start()) {
            Process klaxon = startKlaxon(port, managementPort, twilio);
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                        .executor(Executors.newFixedThreadPool(32)).build();
                awaitReady(http, "http://127.0.0.1:" + managementPort);
                System.out.printf("setting up %d responders…%n", alerts);
                List<String> keys = new ArrayList<>();
                List<String> phones = new ArrayList<>();
                for (int i = 0; i < alerts; i++) {
                    String phone = "+4915" + (100_000_000 + i);
                    String user = id(post(http, base + "/api/v1/users", "{\"name\":\"R" + i + "\",\"email\":\"r" + i + "@bench.example\"}"));
                    post(http, base + "/api/v1/users/" + user + "/contact-methods", "{\"type\":\"SMS\",\"address\":\"" + phone + "\"}");
                    String policy = id(post(http, base + "/api/v1/escalation-policies", "{\"name\":\"p" + i
                            + "\",\"steps\":[{\"delay\":\"PT30M\",\"targets\":[{\"type\":\"USER\",\"id\":\"" + user + "\"}]}]}"));
                    String service = id(post(http, base + "/api/v1/services", "{\"name\":\"s" + i + "\",\"escalationPolicyId\":\"" + policy + "\"}"));
                    Matcher m = KEY.matcher(post(http, base + "/api/v1/services/" + service + "/integrations", "{\"type\":\"GENERIC\",\"name\":\"bench\"}"));
                    m.find();
                    keys.add(m.group(1));
                    phones.add(phone);
                }
                // warm-up: a few alerts on their own so JIT and pools are not measured
                for (int i = 0; i < 50; i++) {
                    http.send(HttpRequest.newBuilder(URI.create(base + "/hooks/" + keys.get(i % keys.size())))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"trigger\",\"summary\":\"warm-up " + i + "\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                }
                twilio.awaitMessages(50, Duration.ofSeconds(30));
                twilio.reset();

                System.out.printf("posting %d alerts at %d/s…%n", alerts, rate);
                Map<String, Instant> accepted = new ConcurrentHashMap<>();
                Map<String, Instant> sent = new ConcurrentHashMap<>();
                AtomicInteger failures = new AtomicInteger();
                ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
                AtomicInteger next = new AtomicInteger();
                List<CompletableFuture<?>> inflight = Collections.synchronizedList(new ArrayList<>());
                ticker.scheduleAtFixedRate(() -> {
                    int i = next.getAndIncrement();
                    if (i >= alerts) {
                        return;
                    }
                    HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/hooks/" + keys.get(i)))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"trigger\",\"summary\":\"bench alert " + i + "\"}")).build();
                    sent.put(phones.get(i), Instant.now());
                    inflight.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenAccept(resp -> {
                        if (resp.statusCode() == 202) {
                            accepted.put(phones.get(i), Instant.now());
                        } else {
                            failures.incrementAndGet();
                        }
                    }));
                }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
                while (next.get() < alerts) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                ticker.shutdown();
                CompletableFuture.allOf(inflight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                twilio.awaitMessages(accepted.size(), Duration.ofSeconds(60));

                List<Long> afterAccepted = new ArrayList<>();
                List<Long> afterSent = new ArrayList<>();
                List<Long> ingest = new ArrayList<>();
                for (FakeTwilio.RecordedRequest sms : twilio.messages()) {
                    Instant a = accepted.get(sms.param("To"));
                    Instant s0 = sent.get(sms.param("To"));
                    if (a != null) {
                        afterAccepted.add(Duration.between(a, sms.arrivedAt()).toNanos() / 1_000);
                        afterSent.add(Duration.between(s0, sms.arrivedAt()).toNanos() / 1_000);
                        ingest.add(Duration.between(s0, a).toNanos() / 1_000);
                    }
                }
                System.out.printf("%n%d alerts at %d/s, each to its own responder (%d rejected); %d cores%n",
                        afterAccepted.size(), rate, failures.get(), Runtime.getRuntime().availableProcessors());
                report("webhook 202 received → fake Twilio received the SMS", afterAccepted);
                report("webhook request sent → fake Twilio received the SMS", afterSent);
                report("webhook request sent → 202 received (ingest)", ingest);
                System.out.println("(negative: the SMS reached Twilio before the 202 reached the client — the page leaves at commit)");
            } finally {
                klaxon.destroy();
                klaxon.waitFor(30, TimeUnit.SECONDS);
            }
        }
        System.exit(0);
    }

    private static void report(String what, List<Long> micros) {
        Collections.sort(micros);
        System.out.printf("%-55s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms%n", what,
                pct(micros, 0.50) / 1000.0, pct(micros, 0.99) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static Process startKlaxon(int port, int managementPort, FakeTwilio twilio) throws Exception {
        File jar = new File("target/quarkus-app/quarkus-run.jar");
        if (!jar.exists()) {
            throw new IllegalStateException("build first: ./mvnw -B package -DskipTests");
        }
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-jar", jar.getPath())
                .redirectOutput(new File("target/bench-klaxon.log")).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/klaxon_bench");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("KLAXON_BOOTSTRAP_ADMIN_TOKEN", TOKEN);
        env.put("KLAXON_PUBLIC_URL", "http://127.0.0.1:" + port);
        env.put("KLAXON_TWILIO_ACCOUNT_SID", twilio.accountSid());
        env.put("KLAXON_TWILIO_AUTH_TOKEN", twilio.authToken());
        env.put("KLAXON_TWILIO_FROM_NUMBER", "+15005550006");
        env.put("KLAXON_TWILIO_API_BASE_URL", twilio.url());
        env.put("QUARKUS_LOG_LEVEL", "WARN");
        return pb.start();
    }

    private static void awaitReady(HttpClient http, String managementBase) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(managementBase + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("Klaxon did not become ready; see target/bench-klaxon.log");
    }

    private static String post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " → " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String id(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    private static void recreateDatabase() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", p);
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS klaxon_bench WITH (FORCE)");
            st.execute("CREATE DATABASE klaxon_bench");
        }
    }
}
