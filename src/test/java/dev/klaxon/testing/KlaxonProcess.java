package dev.klaxon.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A packaged Klaxon ({@code quarkus-run.jar}) started as its own process, the way an operator or Kubernetes runs it:
 * configured through the environment, stopped with SIGTERM. Its output goes to {@code target/it-logs/<name>.log}.
 * Integration tests (run by failsafe, after {@code package}) use it for what only a real process shows: a start
 * while the database is away, a SIGTERM, an older release against a newer schema.
 */
public final class KlaxonProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build(); // no h2c upgrade (see OpenApiValidation)

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int managementPort;

    private KlaxonProcess(Process process, Path log, int httpPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /**
     * Starts {@code app}/quarkus-run.jar with these environment settings on top of the ports; health is asked on
     * the management port when the application has one, else on the public port.
     */
    public static KlaxonProcess start(String name, Path app, int httpPort, int managementPort, Map<String, String> env)
            throws IOException {
        Path log = Path.of("target", "it-logs", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-jar", app.toAbsolutePath().resolve("quarkus-run.jar").toString())
                .directory(Files.createTempDirectory("klaxon-" + name).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("KLAXON_"));
        e.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        e.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        e.putAll(env);
        return new KlaxonProcess(pb.start(), log, httpPort, managementPort);
    }

    /** The standard test environment for a packaged Klaxon: the fake Twilio, the test admin token. */
    public static Map<String, String> baseEnv(FakeTwilio twilio, String jdbcUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("KLAXON_BOOTSTRAP_ADMIN_TOKEN", KlaxonTest.ADMIN_TOKEN);
        env.put("KLAXON_PUBLIC_URL", KlaxonTestEnvironment.PUBLIC_URL);
        env.put("KLAXON_TWILIO_ACCOUNT_SID", twilio.accountSid());
        env.put("KLAXON_TWILIO_AUTH_TOKEN", twilio.authToken());
        env.put("KLAXON_TWILIO_FROM_NUMBER", KlaxonTestEnvironment.FROM_NUMBER);
        env.put("KLAXON_TWILIO_API_BASE_URL", twilio.url());
        env.put("KLAXON_TWILIO_RESPONSE_TIMEOUT", "PT5S");
        env.put("QUARKUS_SHUTDOWN_DELAY", "1S");
        return env;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code http://127.0.0.1:<public port>} */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Status of a health endpoint ({@code live}, {@code ready}, {@code started}); 0 when nothing answers. */
    public int health(String which) {
        for (int port : new int[]{managementPort, httpPort}) {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/" + which))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                // not this port (no management interface, or not up yet)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        return 0;
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Lines of output matching {@code pattern}. */
    public List<String> lines(Pattern pattern) {
        List<String> out = new ArrayList<>();
        output().lines().filter(l -> pattern.matcher(l).find()).forEach(out::add);
        return out;
    }

    /** Waits until the output has a line matching {@code pattern}. */
    public void awaitOutput(Pattern pattern, Duration timeout) {
        awaitCondition(() -> !lines(pattern).isEmpty(), timeout, "output matching " + pattern);
    }

    /** Waits until the health endpoint answers {@code status}; returns how long that took. */
    public Duration awaitHealth(String which, int status, Duration timeout) {
        long t0 = System.nanoTime();
        awaitCondition(() -> health(which) == status, timeout, which + " = " + status);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    void awaitCondition(java.util.function.BooleanSupplier done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("Klaxon exited (" + process.exitValue() + ") while waiting for " + what
                        + "; its output:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "; Klaxon's output:\n" + tail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Sends SIGTERM (what Kubernetes sends) and waits for the exit; returns the exit code, or -1 on timeout. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** The last 60 lines of output, for failure messages. */
    public String tail() {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
    }

    /** Answers of one request: status, Retry-After, content type, body and how long it took. */
    public record Answer(int status, String retryAfter, String contentType, String body, Duration took) {
    }

    /** A request to the public port, answered within 10 s or failed. */
    public Answer request(String method, String path, String contentType, String body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                    r.headers().firstValue("Content-Type").orElse(null), r.body(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static <T> boolean any(List<T> items, Predicate<T> p) {
        return items.stream().anyMatch(p);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
