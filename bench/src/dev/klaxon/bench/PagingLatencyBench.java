package dev.klaxon.bench;

import dev.klaxon.testing.FakeTwilio;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Webhook-to-provider latency. Starts the packaged Klaxon ({@link Bench#app()}) against the local PostgreSQL
 * (database {@code bench.db}, recreated) and a fake Twilio that answers each send after {@code bench.provider-latency-ms},
 * gives every alert its own responder, posts alerts at a steady rate and reports the time from each webhook's 202 to
 * the fake Twilio receiving that responder's SMS, and how many were not sent 10 s after the last alert.
 *
 * <pre>./mvnw -B package -DskipTests && ./mvnw -B -Pbench test-compile exec:java -Dbench=paging -Dbench.provider-latency-ms=200</pre>
 * System properties: bench.rate (alerts/s, 100), bench.alerts (1000), bench.provider-latency-ms (0), bench.port
 * (18080), bench.management-port (port + 1), bench.db (klaxon_bench), bench.app (target/quarkus-app), bench.jvm-args
 * (options for Klaxon's JVM, space-separated), bench.warmup-rounds (0–2, default 2: the same storm posted first, so
 * the measured one meets a warm JVM).
 */
public final class PagingLatencyBench {

    /** {@code -Dbench.jvm-args=} for Klaxon's JVM, space-separated (e.g. a flight recording). */
    static List<String> jvmArgs() {
        String jvm = System.getProperty("bench.jvm-args", "").trim();
        return jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+"));
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 100);
        int alerts = Integer.getInteger("bench.alerts", 1000);
        int latencyMs = Integer.getInteger("bench.provider-latency-ms", 0);
        int warmupRounds = Math.max(0, Math.min(2, Integer.getInteger("bench.warmup-rounds", 2)));
        int port = Integer.getInteger("bench.port", 18080);
        int managementPort = Integer.getInteger("bench.management-port", port + 1);
        String base = "http://127.0.0.1:" + port;

        String jdbc = Bench.recreateDatabase(System.getProperty("bench.db", "klaxon_bench"));
        try (FakeTwilio twilio = FakeTwilio.start()) {
            Process klaxon = Bench.startKlaxon(jdbc, port, managementPort, twilio,
                    Map.of("KLAXON_INGEST_RATE_LIMIT_EVENTS_PER_MINUTE", "0"), jvmArgs(), new File("target/bench-klaxon.log"));
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                        .executor(Executors.newFixedThreadPool(32)).build();
                Bench.awaitReady(http, managementPort, 90, "target/bench-klaxon.log");
                System.out.printf("setting up %d responders…%n", alerts);
                List<String> keys = new ArrayList<>();
                List<String> phones = new ArrayList<>();
                for (int i = 0; i < alerts; i++) {
                    String phone = "+4915" + (100_000_000 + i);
                    String user = Bench.id(Bench.post(http, base + "/api/v1/users", "{\"name\":\"R" + i + "\",\"email\":\"r" + i + "@bench.example\"}"));
                    Bench.post(http, base + "/api/v1/users/" + user + "/contact-methods", "{\"type\":\"SMS\",\"address\":\"" + phone + "\"}");
                    String policy = Bench.id(Bench.post(http, base + "/api/v1/escalation-policies", "{\"name\":\"p" + i
                            + "\",\"steps\":[{\"delay\":\"PT30M\",\"targets\":[{\"type\":\"USER\",\"id\":\"" + user + "\"}]}]}"));
                    String service = Bench.id(Bench.post(http, base + "/api/v1/services", "{\"name\":\"s" + i + "\",\"escalationPolicyId\":\"" + policy + "\"}"));
                    keys.add(Bench.key(Bench.post(http, base + "/api/v1/services/" + service + "/integrations", "{\"type\":\"GENERIC\",\"name\":\"bench\"}")));
                    phones.add(phone);
                }
                // warm-up: the same storm first, so what is measured is a warm JVM (a cold one spends most of a core
                // compiling for the first minute: 59 s of JIT in a 66 s run, measured with JFR) and filled pools.
                // Each round pages every responder once; with at most 2 rounds the measured page is the third of
                // each contact method, still below the bundling threshold (3 per 2 minutes).
                for (int round = 1; round <= warmupRounds; round++) {
                    System.out.printf("warm-up round %d of %d…%n", round, warmupRounds);
                    post(http, base, keys, phones, rate, "warm-up " + round + ": ", new ConcurrentHashMap<>(),
                            new ConcurrentHashMap<>(), new AtomicInteger());
                    twilio.awaitMessages(round * alerts, Duration.ofSeconds(120));
                }
                TimeUnit.SECONDS.sleep(warmupRounds > 0 ? 5 : 0);
                twilio.reset();
                twilio.latency(Duration.ofMillis(latencyMs));

                System.out.printf("posting %d alerts at %d/s, provider answering after %d ms…%n", alerts, rate, latencyMs);
                Map<String, Instant> accepted = new ConcurrentHashMap<>();
                Map<String, Instant> sent = new ConcurrentHashMap<>();
                AtomicInteger failures = new AtomicInteger();
                post(http, base, keys, phones, rate, "bench alert ", accepted, sent, failures);
                Instant last = accepted.values().stream().max(Instant::compareTo).orElse(Instant.now());
                // whatever has not reached the provider 10 s after the last alert was accepted counts as never sent
                Instant cutoff = last.plusSeconds(10);
                while (Instant.now().isBefore(cutoff) && twilio.messages().size() < accepted.size()) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }

                List<Long> afterAccepted = new ArrayList<>();
                List<Long> afterSent = new ArrayList<>();
                List<Long> ingest = new ArrayList<>();
                Map<String, Instant> firstSms = new HashMap<>();
                for (FakeTwilio.RecordedRequest sms : twilio.messages()) {
                    if (!sms.arrivedAt().isAfter(cutoff)) {
                        firstSms.merge(sms.param("To"), sms.arrivedAt(), (a, b) -> a.isBefore(b) ? a : b);
                    }
                }
                int unsent = 0;
                for (Map.Entry<String, Instant> a : accepted.entrySet()) {
                    Instant got = firstSms.get(a.getKey());
                    Instant s0 = sent.get(a.getKey());
                    if (got == null) {
                        unsent++;
                        continue;
                    }
                    afterAccepted.add(Duration.between(a.getValue(), got).toNanos() / 1_000);
                    afterSent.add(Duration.between(s0, got).toNanos() / 1_000);
                    ingest.add(Duration.between(s0, a.getValue()).toNanos() / 1_000);
                }
                System.out.printf("%n%d alerts at %d/s, each to its own responder (%d rejected), provider latency %d ms; %s%n",
                        accepted.size(), rate, failures.get(), latencyMs, Bench.machine());
                Bench.report("webhook 202 received → fake Twilio received the SMS", afterAccepted);
                Bench.report("webhook request sent → fake Twilio received the SMS", afterSent);
                Bench.report("webhook request sent → 202 received (ingest)", ingest);
                System.out.printf("not sent 10 s after the last alert: %d of %d (%.1f %%)%n", unsent, accepted.size(),
                        100.0 * unsent / Math.max(1, accepted.size()));
                System.out.println("(negative: the SMS reached Twilio before the 202 reached the client — the page leaves at commit)");
            } finally {
                Bench.stop(klaxon);
            }
        }
        System.exit(0);
    }

    /**
     * Posts one alert to each integration in {@code keys}, {@code rate} per second, and waits (at most 60 s) for the
     * answers; records when each request left and when its 202 came, per responder's phone.
     */
    private static void post(HttpClient http, String base, List<String> keys, List<String> phones, int rate, String summary,
                             Map<String, Instant> accepted, Map<String, Instant> sent, AtomicInteger failures) throws Exception {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<?>> inflight = Collections.synchronizedList(new ArrayList<>());
        ticker.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= keys.size()) {
                return;
            }
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/hooks/" + keys.get(i)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"trigger\",\"summary\":\"" + summary + i + "\"}")).build();
            sent.put(phones.get(i), Instant.now());
            inflight.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenAccept(resp -> {
                if (resp.statusCode() == 202) {
                    accepted.put(phones.get(i), Instant.now());
                } else {
                    failures.incrementAndGet();
                }
            }));
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        while (next.get() < keys.size()) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        ticker.shutdown();
        CompletableFuture.allOf(inflight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
}
