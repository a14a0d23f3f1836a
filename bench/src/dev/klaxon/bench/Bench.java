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
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entry point for {@code mvn -Pbench exec:java -Dbench=paging|due|startup|oncall|chaos}, and what the benchmarks
 * that run the packaged Klaxon share: starting it, waiting for readiness, the admin API, percentiles.
 */
public final class Bench {

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    /** The bootstrap admin token every benchmark's Klaxon starts with. */
    static final String TOKEN = "bench-admin-token";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String which = System.getProperty("bench", "paging");
        switch (which) {
            case "paging" -> PagingLatencyBench.main(args);
            case "due" -> DueEscalationBench.main(args);
            case "startup" -> StartupBench.main(args);
            case "oncall" -> OnCallCalculatorBench.main(args);
            case "chaos" -> ChaosBench.main(args);
            default -> throw new IllegalArgumentException("unknown bench " + which
                    + "; use paging, due, startup, oncall or chaos");
        }
    }

    /** The packaged application's directory: {@code -Dbench.app=} (default target/quarkus-app). */
    static File app() {
        File dir = new File(System.getProperty("bench.app", "target/quarkus-app"));
        if (!new File(dir, "quarkus-run.jar").exists()) {
            throw new IllegalStateException("build first: ./mvnw -B package -DskipTests (no " + dir + "/quarkus-run.jar)");
        }
        return dir;
    }

    /**
     * Starts {@code java [jvmArgs] -jar quarkus-run.jar} of {@link #app()} with Klaxon's settings in {@code env}
     * (environment-variable form) on top of the ones every benchmark needs: public and management port, bootstrap
     * token, a fake Twilio when given, log level WARN. Output goes to {@code log}.
     */
    static Process startKlaxon(String jdbcUrl, int port, int managementPort, FakeTwilio twilio, Map<String, String> env,
                               List<String> jvmArgs, File log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + "/bin/java");
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        // bench.in-app-dir: start from inside the application directory, as the AppCDS archive the build makes
        // (quarkus.package.jar.appcds.enabled) requires: JDK 17 accepts it only with the class path it recorded
        boolean inAppDir = Boolean.getBoolean("bench.in-app-dir");
        cmd.add(inAppDir ? "quarkus-run.jar" : new File(app(), "quarkus-run.jar").getPath());
        log.getParentFile().mkdirs();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(log.getAbsoluteFile()).redirectErrorStream(true);
        if (inAppDir) {
            pb.directory(app());
        }
        Map<String, String> e = pb.environment();
        e.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        e.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        e.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        e.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        e.put("KLAXON_BOOTSTRAP_ADMIN_TOKEN", TOKEN);
        e.put("KLAXON_PUBLIC_URL", "http://127.0.0.1:" + port);
        if (twilio != null) {
            e.put("KLAXON_TWILIO_ACCOUNT_SID", twilio.accountSid());
            e.put("KLAXON_TWILIO_AUTH_TOKEN", twilio.authToken());
            e.put("KLAXON_TWILIO_FROM_NUMBER", "+15005550006");
            e.put("KLAXON_TWILIO_API_BASE_URL", twilio.url());
        }
        e.put("QUARKUS_LOG_LEVEL", "WARN");
        e.putAll(env);
        return pb.start();
    }

    /** Polls {@code /q/health/ready} on the management port until 200; returns nanoseconds waited. */
    static long awaitReady(HttpClient http, int managementPort, int timeoutSeconds, String logHint) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime() - start;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("Klaxon on management port " + managementPort + " did not become ready; see " + logHint);
    }

    /** Stops a started Klaxon (SIGTERM, then SIGKILL after 30 s). */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    /** POST with the admin token; the body of a 2xx answer, else IllegalStateException. */
    static String post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " → " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** The first {@code "id"} of a JSON answer. */
    static String id(String body) {
        return group(ID, body);
    }

    /** The first {@code "key"} of a JSON answer (an integration's key). */
    static String key(String body) {
        return group(KEY, body);
    }

    private static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in " + body);
        }
        return m.group(1);
    }

    /** Drops and creates a database on the local PostgreSQL (127.0.0.1:5432, user postgres); returns its JDBC URL. */
    static String recreateDatabase(String name) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", p);
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    /** A connection to a database on the local PostgreSQL, for reading results. */
    static Connection connect(String jdbcUrl) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection(jdbcUrl, p);
    }

    /** Resident set size of a process in KiB (Linux /proc), or -1. */
    static long rssKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /**
     * CPU time the process has used so far (user + system, all its threads), in ms; -1 when /proc cannot say. Less
     * sensitive than wall time to neighbours competing for the same cores.
     */
    static long cpuMillis(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name: indexes 11 and 12
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS;
    }

    /** USER_HZ of /proc/<pid>/stat: 100 on Linux (getconf CLK_TCK). */
    private static final long CLOCK_TICKS = 100;

    /** One line: p50, p99 and max of microsecond samples, in ms. */
    static void report(String what, List<Long> micros) {
        if (micros.isEmpty()) {
            System.out.printf("%-55s (no samples)%n", what);
            return;
        }
        Collections.sort(micros);
        System.out.printf("%-55s p50 %8.1f ms   p99 %8.1f ms   max %8.1f ms%n", what,
                pct(micros, 0.50) / 1000.0, pct(micros, 0.99) / 1000.0, micros.get(micros.size() - 1) / 1000.0);
    }

    /** The p-quantile of sorted samples (nearest rank). */
    static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
    }

    /** Machine facts for the record: cores, load average, JDK. */
    static String machine() throws Exception {
        String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return Runtime.getRuntime().availableProcessors() + " cores, load average " + load[0] + " " + load[1] + " " + load[2]
                + ", Java " + System.getProperty("java.version");
    }
}
