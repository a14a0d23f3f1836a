package dev.klaxon.testing;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.klaxon.testing.Api.given;

/**
 * A packaged Klaxon ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package}) running as its own JVM
 * process on a loopback port, for tests of the packaged application ({@code *IT}, run by Failsafe in
 * {@code verify}). Its log goes to {@code target/<name>.log}. Nothing is shared with the test JVM but the database
 * and the fakes' ports: this is what a second replica is.
 */
public final class Replica implements AutoCloseable {

    public static final String ADMIN_TOKEN = "replica-admin-token";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final int port;
    private final Process process;

    private Replica(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /**
     * A loopback port for a replica: {@code klaxon.test.port-base} (default 18700) plus {@code offset}, so that two
     * checkouts running these tests side by side can each take their own range.
     */
    public static int port(int offset) {
        return Integer.getInteger("klaxon.test.port-base", 18700) + offset;
    }

    /**
     * Starts the packaged application with these settings (system properties, e.g. {@code klaxon.twilio.api-base-url})
     * on {@code port} and waits until it is ready; fails naming the log file if it does not get there.
     */
    public static Replica start(String name, int port, String jdbcUrl, Map<String, String> settings) {
        Path jar = Path.of(System.getProperty("klaxon.app.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: tests of the packaged application run after `package`");
        }
        Map<String, String> props = new TreeMap<>();
        props.put("quarkus.http.port", Integer.toString(port));
        props.put("quarkus.http.host", "127.0.0.1");
        // health and metrics are on the management interface: each replica gets its own port, 1000 above its public one
        props.put("quarkus.management.port", Integer.toString(port + 1000));
        props.put("quarkus.management.host", "127.0.0.1");
        props.put("quarkus.datasource.jdbc.url", jdbcUrl);
        props.put("quarkus.datasource.username", "postgres");
        props.put("klaxon.public-url", KlaxonTestEnvironment.PUBLIC_URL);
        props.put("klaxon.bootstrap-admin-token", ADMIN_TOKEN);
        props.putAll(settings);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Path log = Path.of("target", name + ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Replica r = new Replica(name, port, p);
            r.awaitReady(log);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build(); // no h2c upgrade (see OpenApiValidation)
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250); // polling a starting process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT + "; see " + log);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where this replica serves {@code /q/health} and {@code /q/metrics}: its management port, 1000 above {@link #url()}'s. */
    public String managementUrl() {
        return "http://127.0.0.1:" + (port + 1000);
    }

    /** A request to this replica's API as the bootstrap administrator. */
    public RequestSpecification admin() {
        return given().baseUri(url()).auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    /** A request to this replica without credentials (webhooks, ack links). */
    public RequestSpecification anonymous() {
        return given().baseUri(url());
    }

    // ---- shaping an installation through this replica's API, as Api does for the in-JVM application

    public String user(String name) {
        return admin().body(Map.of("name", name, "email", "u" + java.util.UUID.randomUUID() + "@example.com",
                "timeZone", "Europe/Berlin")).post("/api/v1/users").then().statusCode(201).extract().path("id");
    }

    /** Adds a contact method; returns its id. */
    public String contact(String userId, String type, String address) {
        return admin().body(Map.of("type", type, "address", address)).post("/api/v1/users/" + userId + "/contact-methods")
                .then().statusCode(201).extract().path("id");
    }

    /** A notification rule: page this contact method after {@code delay} (ISO-8601). */
    public void rule(String userId, String contactMethodId, String delay) {
        admin().body(Map.of("contactMethodId", contactMethodId, "delay", delay))
                .post("/api/v1/users/" + userId + "/notification-rules").then().statusCode(201);
    }

    /** A policy whose steps page one user each, in order, each after {@code delay}; it does not repeat. */
    public String policy(String delay, String... userIds) {
        List<Map<String, Object>> steps = java.util.Arrays.stream(userIds)
                .map(u -> Map.<String, Object>of("delay", delay, "targets", List.of(Map.of("type", "USER", "id", u))))
                .toList();
        return admin().body(Map.of("name", "policy-" + java.util.UUID.randomUUID(), "repeat", 0, "steps", steps))
                .post("/api/v1/escalation-policies").then().statusCode(201).extract().path("id");
    }

    /** A service on this policy with a GENERIC integration; returns the integration key. */
    public String integration(String policyId) {
        String service = admin().body(Map.of("name", "service-" + java.util.UUID.randomUUID(), "escalationPolicyId", policyId))
                .post("/api/v1/services").then().statusCode(201).extract().path("id");
        return admin().body(Map.of("type", "GENERIC", "name", "generic"))
                .post("/api/v1/services/" + service + "/integrations").then().statusCode(201).extract().path("key");
    }

    /** Triggers an alert through the integration's webhook; returns the alert id. */
    public String trigger(String key, String summary) {
        return anonymous().contentType(ContentType.JSON).body(Map.of("action", "trigger", "summary", summary))
                .post("/hooks/" + key).then().statusCode(202).extract().path("alertId");
    }

    public List<Map<String, Object>> notifications(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId + "/notifications").then().statusCode(200).extract().jsonPath().getList("$");
    }

    public List<String> timeline(String alertId) {
        return admin().get("/api/v1/alerts/" + alertId).then().statusCode(200).extract().path("timeline.message");
    }

    /** {@code kill -9}: the process dies mid-whatever, with no shutdown hook. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    @Override
    public String toString() {
        return name + " on " + url();
    }
}
