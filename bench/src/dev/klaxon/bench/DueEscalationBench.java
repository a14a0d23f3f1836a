package dev.klaxon.bench;

import dev.klaxon.testing.FakeTwilio;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many escalation steps falling due in the same second: 100 services (one responder with an SMS contact method
 * each) are in maintenance until the same whole second T; during the window 10,000 alerts open (100 per service),
 * so at T every one of them has its first step due at once — maintenance windows ending together. Reports how
 * many pages reached the fake Twilio within 2 s of T, the p50/p99/max of (SMS received − T), and how many were
 * not sent 60 s after T.
 *
 * <p>Bundling is turned off for SMS ({@code KLAXON_BUNDLE_CHANNELS=WEBHOOK}): the question here is how fast due
 * steps are found and paged, not how a storm is folded (StormBundlingTest covers that), so every alert is one SMS.</p>
 *
 * <pre>./mvnw -B package -DskipTests && ./mvnw -B -Pbench test-compile exec:java -Dbench=due</pre>
 * System properties: bench.alerts (10000), bench.services (100), bench.lead-seconds (time from the start of the
 * triggers to T, 90), bench.observe-seconds (60), bench.port (18080), bench.management-port (port + 1), bench.db
 * (klaxon_bench), bench.app (target/quarkus-app).
 */
public final class DueEscalationBench {

    private static final Pattern NUMBER = Pattern.compile("due-(\\d+)-x");

    public static void main(String[] args) throws Exception {
        int alerts = Integer.getInteger("bench.alerts", 10_000);
        int servicesCount = Integer.getInteger("bench.services", 100);
        int lead = Integer.getInteger("bench.lead-seconds", 90);
        int observe = Integer.getInteger("bench.observe-seconds", 60);
        int port = Integer.getInteger("bench.port", 18080);
        int managementPort = Integer.getInteger("bench.management-port", port + 1);
        String base = "http://127.0.0.1:" + port;

        String jdbc = Bench.recreateDatabase(System.getProperty("bench.db", "klaxon_bench"));
        try (FakeTwilio twilio = FakeTwilio.start()) {
            Process klaxon = Bench.startKlaxon(jdbc, port, managementPort, twilio, Map.of(
                            "KLAXON_INGEST_RATE_LIMIT_EVENTS_PER_MINUTE", "0",
                            "KLAXON_BUNDLE_CHANNELS", "WEBHOOK"),
                    List.of(), new File("target/bench-klaxon.log"));
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                        .executor(Executors.newFixedThreadPool(32)).build();
                Bench.awaitReady(http, managementPort, 90, "target/bench-klaxon.log");
                System.out.printf("setting up %d services…%n", servicesCount);
                List<String> keys = new ArrayList<>();
                List<String> serviceIds = new ArrayList<>();
                for (int i = 0; i < servicesCount; i++) {
                    String user = Bench.id(Bench.post(http, base + "/api/v1/users", "{\"name\":\"R" + i + "\",\"email\":\"r" + i + "@bench.example\"}"));
                    Bench.post(http, base + "/api/v1/users/" + user + "/contact-methods",
                            "{\"type\":\"SMS\",\"address\":\"+4915" + (100_000_000 + i) + "\"}");
                    String policy = Bench.id(Bench.post(http, base + "/api/v1/escalation-policies", "{\"name\":\"p" + i
                            + "\",\"steps\":[{\"delay\":\"PT30M\",\"targets\":[{\"type\":\"USER\",\"id\":\"" + user + "\"}]}]}"));
                    String service = Bench.id(Bench.post(http, base + "/api/v1/services", "{\"name\":\"s" + i + "\",\"escalationPolicyId\":\"" + policy + "\"}"));
                    keys.add(Bench.key(Bench.post(http, base + "/api/v1/services/" + service + "/integrations", "{\"type\":\"GENERIC\",\"name\":\"bench\"}")));
                    serviceIds.add(service);
                }
                Instant t = Instant.now().plusSeconds(lead).truncatedTo(ChronoUnit.SECONDS);
                Instant windowStart = Instant.now().minusSeconds(5);
                for (String service : serviceIds) {
                    Bench.post(http, base + "/api/v1/services/" + service + "/maintenance",
                            "{\"start\":\"" + windowStart + "\",\"end\":\"" + t + "\",\"reason\":\"bench\"}");
                }
                System.out.printf("opening %d alerts in maintenance (ends at %s)…%n", alerts, t);
                Semaphore window = new Semaphore(32);
                AtomicInteger rejected = new AtomicInteger();
                List<CompletableFuture<?>> posts = new ArrayList<>();
                long triggerStart = System.nanoTime();
                for (int i = 0; i < alerts; i++) {
                    window.acquire();
                    HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/hooks/" + keys.get(i % servicesCount)))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"trigger\",\"dedupKey\":\"k" + i
                                    + "\",\"summary\":\"due-" + i + "-x\"}")).build();
                    posts.add(http.sendAsync(r, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, ex) -> {
                        window.release();
                        if (ex != null || resp.statusCode() != 202) {
                            rejected.incrementAndGet();
                        }
                    }));
                }
                CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
                System.out.printf("opened in %.1f s (%d rejected)%n", (System.nanoTime() - triggerStart) / 1e9, rejected.get());
                if (!Instant.now().isBefore(t)) {
                    throw new IllegalStateException("the triggers took past the end of maintenance; raise -Dbench.lead-seconds");
                }
                if (!twilio.messages().isEmpty()) {
                    throw new IllegalStateException(twilio.messages().size() + " pages left during maintenance");
                }
                Instant end = t.plusSeconds(observe);
                while (Instant.now().isBefore(end) && twilio.messages().size() < alerts) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }

                Map<Integer, Instant> first = new HashMap<>();
                for (FakeTwilio.RecordedRequest sms : twilio.messages()) {
                    Matcher m = NUMBER.matcher(String.valueOf(sms.param("Body")));
                    if (m.find() && !sms.arrivedAt().isAfter(end)) {
                        first.merge(Integer.parseInt(m.group(1)), sms.arrivedAt(), (a, b) -> a.isBefore(b) ? a : b);
                    }
                }
                List<Long> lag = new ArrayList<>();
                int within2s = 0;
                for (Instant at : first.values()) {
                    long micros = Duration.between(t, at).toNanos() / 1_000;
                    lag.add(micros);
                    if (micros <= 2_000_000) {
                        within2s++;
                    }
                }
                int opened = alerts - rejected.get();
                System.out.printf("%n%d alerts over %d services due at %s; %s%n", opened, servicesCount, t, Bench.machine());
                System.out.printf("paged within 2 s of the due second: %d of %d%n", within2s, opened);
                Bench.report("due second → fake Twilio received the SMS (step lag)", lag);
                System.out.printf("not sent %d s after the due second: %d%n", observe, opened - first.size());
            } finally {
                Bench.stop(klaxon);
            }
        }
        System.exit(0);
    }
}
