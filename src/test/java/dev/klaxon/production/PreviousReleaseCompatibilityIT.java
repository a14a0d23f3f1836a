package dev.klaxon.production;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonProcess;
import dev.klaxon.testing.KlaxonTestEnvironment;
import io.restassured.RestAssured;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * LESSONS.md 2: the previous release's code, built from git, runs against the schema the current code migrates to —
 * as it does during a rolling deploy, when the new pods have migrated and the old ones still serve. Smoke page:
 * ingest → SMS to the fake Twilio → acknowledge. The built release is cached under
 * {@code ~/.m2/klaxon-previous-release/<commit>} (CI keeps ~/.m2), so only the first run after a bump builds it.
 */
class PreviousReleaseCompatibilityIT {

    private static final int HTTP_PORT = 18321;
    private static final int MANAGEMENT_PORT = 18322;

    @Test
    void previousReleasePagesAndAcknowledgesOnTheNewSchema() throws Exception {
        String commit = PreviousRelease.commit();
        var missing = PreviousRelease.unavailable(commit);
        assumeTrue(missing.isEmpty(), () -> missing.get());
        Path app = built(commit);

        String db = KlaxonTestEnvironment.DB_NAME + "_compat";
        recreate(db);
        String url = "jdbc:postgresql://" + KlaxonTestEnvironment.DB_HOST + "/" + db;
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();

        try (FakeTwilio twilio = FakeTwilio.start()) {
            // A release must start on a schema a newer release has migrated (a pod restarting mid-rollout, a rollback):
            // Flyway must ignore migrations it does not know yet. Releases from now on say so in application.properties;
            // 4f82e16 predates that, so it gets the setting from its environment, as an operator rolling back would.
            var env = KlaxonProcess.baseEnv(twilio, url);
            env.put("QUARKUS_FLYWAY_IGNORE_MIGRATION_PATTERNS", "*:future");
            try (KlaxonProcess old = KlaxonProcess.start("previous-release", app, HTTP_PORT, MANAGEMENT_PORT, env)) {
            old.awaitHealth("ready", 200, Duration.ofSeconds(120));
            RestAssured.baseURI = "http://127.0.0.1";
            RestAssured.port = HTTP_PORT;
            // the previous release publishes its own, older OpenAPI document: this build's promises are not its
            dev.klaxon.testing.OpenApiValidation.exempt("http://127.0.0.1:" + HTTP_PORT);
            String user = Api.user("Old Release");
            String phone = Api.phone();
            Api.contact(user, "SMS", phone);
            String key = Api.integration(Api.service(Api.policy("PT5M", 0, user)), "GENERIC");
            String alertId = Api.hook(key, "{\"action\":\"trigger\",\"summary\":\"smoke page from the previous release\"}")
                    .then().statusCode(202).extract().path("alertId");
            twilio.awaitRequests(r -> phone.equals(r.param("To")), 1, Duration.ofSeconds(30));
            Api.admin().body(Map.of()).post("/api/v1/alerts/" + alertId + "/acknowledge").then().statusCode(200);
            assertEquals("acknowledged", Api.alertStatus(alertId));
            }
        }
    }

    /** The previous release's quarkus-app directory, built from git once per commit. */
    static Path built(String commit) throws IOException, InterruptedException {
        Path cache = Path.of(System.getProperty("user.home"), ".m2", "klaxon-previous-release", commit, "quarkus-app");
        if (Files.exists(cache.resolve("quarkus-run.jar"))) {
            return cache;
        }
        Path src = Path.of("target", "previous-release", commit).toAbsolutePath();
        DatabaseOutageIT.deleteTree(src);
        Files.createDirectories(src);
        Path log = Path.of("target", "it-logs", "previous-release-build.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        run(new ProcessBuilder("sh", "-c", "git archive --format=tar " + commit + " | tar -x -C '" + src + "'"), log);
        src.resolve("mvnw").toFile().setExecutable(true);
        // offline first: the current build has just resolved the same dependencies into ~/.m2
        if (run(new ProcessBuilder("./mvnw", "-B", "-q", "-o", "package", "-DskipTests").directory(src.toFile()), log) != 0
                && run(new ProcessBuilder("./mvnw", "-B", "-q", "package", "-DskipTests").directory(src.toFile()), log) != 0) {
            throw new AssertionError("could not build the previous release " + commit + "; see " + log);
        }
        Path tmp = cache.resolveSibling("quarkus-app.tmp");
        DatabaseOutageIT.deleteTree(tmp);
        Files.createDirectories(tmp);
        Path built = src.resolve("target/quarkus-app");
        try (var files = Files.walk(built)) {
            for (Path f : files.toList()) {
                Path to = tmp.resolve(built.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
        return cache;
    }

    private static int run(ProcessBuilder pb, Path log) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", pb.command()) + " did not finish in 15 minutes");
        }
        return p.exitValue();
    }

    private static void recreate(String db) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + KlaxonTestEnvironment.DB_HOST + "/postgres", p);
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
    }
}
