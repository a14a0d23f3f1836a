package dev.klaxon.platform;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts Klaxon. With a database configured anywhere Quarkus reads configuration ({@link StartupSettings}), it
 * waits until that database answers ({@link DatabaseWait}) and then starts Quarkus. With none it brings its own: an
 * embedded PostgreSQL whose data stays in {@code klaxon.data-dir} / {@code KLAXON_DATA_DIR} (default {@code ./data}),
 * started before Quarkus reads its configuration and stopped only after Quarkus has stopped. PostgreSQL refuses to
 * run as root; as root it uses the PostgreSQL on 127.0.0.1:5432 instead, if one answers. An AppCDS training run
 * ({@code -Dquarkus.appcds.generate=true}, as the build runs it for {@code quarkus.package.jar.appcds.enabled})
 * needs no database at all and gets none.
 */
@QuarkusMain
public class KlaxonMain implements QuarkusApplication {

    private static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

    public static void main(String... args) throws InterruptedException {
        if (ApplicationLifecycleManager.isAppCDSGeneration()) {
            // the build's AppCDS run (quarkus.package.jar.appcds.enabled): Quarkus stops before it would open a
            // socket or a connection, so it needs no database: neither wait for one nor start the embedded one
            Quarkus.run(KlaxonMain.class, args);
            return;
        }
        StartupSettings settings = StartupSettings.load(Path.of(""), Thread.currentThread().getContextClassLoader());
        settings.refusal().ifPresent(KlaxonMain::fail); // one clear line, before a database or Quarkus starts
        Optional<String> url = settings.databaseUrl();
        if (url.isPresent()) {
            new DatabaseWait(settings).await(url.get());
            Quarkus.run(KlaxonMain.class, args);
            return;
        }
        if (isRoot()) {
            useLocalPostgres();
            Quarkus.run(KlaxonMain.class, args);
            return;
        }
        EmbeddedPostgres pg = startEmbedded(settings.dataDir());
        CountDownLatch quarkusStopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                quarkusStopped.await(30, TimeUnit.SECONDS); // Quartz and the pool close their connections first
                pg.close();
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
        }, "klaxon-embedded-postgres-stop"));
        Quarkus.run(KlaxonMain.class, (code, failure) -> {
            quarkusStopped.countDown();
            if (code != null && code != 0) {
                // exit from another thread: the stop hook above still runs and stops PostgreSQL
                Thread exit = new Thread(() -> System.exit(code), "klaxon-exit");
                exit.setDaemon(true);
                exit.start();
            }
        }, args);
        quarkusStopped.countDown();
    }

    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return 0;
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (Throwable t) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** As root: the local PostgreSQL on 127.0.0.1:5432, database {@code klaxon}, created if missing. */
    private static void useLocalPostgres() {
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection(admin, p); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'klaxon'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE klaxon");
                }
            }
        } catch (SQLException e) {
            fail("Klaxon is running as root, where the embedded PostgreSQL cannot run, and no PostgreSQL answers on "
                    + "127.0.0.1:5432 (" + e.getMessage() + "): run Klaxon as a non-root user, or set "
                    + "QUARKUS_DATASOURCE_JDBC_URL (with QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD) "
                    + "to a PostgreSQL database.");
        }
        System.setProperty(URL_PROPERTY, "jdbc:postgresql://127.0.0.1:5432/klaxon");
        System.setProperty("quarkus.datasource.username", "postgres");
        System.err.println("Klaxon: running as root, so using the local PostgreSQL at 127.0.0.1:5432/klaxon");
    }

    private static EmbeddedPostgres startEmbedded(Path data) {
        Path pgData = data.resolve("postgres");
        try {
            Files.createDirectories(data.resolve("pg-binaries"));
            stopLeftover(pgData);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(data.resolve("pg-binaries").toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            System.setProperty(URL_PROPERTY, pg.getJdbcUrl("postgres", "postgres"));
            System.setProperty("quarkus.datasource.username", "postgres");
            System.err.println("Klaxon: embedded PostgreSQL on port " + pg.getPort() + ", data in " + pgData);
            return pg;
        } catch (IOException | RuntimeException e) {
            fail("Klaxon could not start its embedded PostgreSQL in " + pgData + " (" + e.getMessage()
                    + "): set QUARKUS_DATASOURCE_JDBC_URL to a PostgreSQL database instead.");
            return null;
        }
    }

    /** After a kill -9 the old postmaster survives and holds postmaster.pid: stop it before starting again. */
    private static void stopLeftover(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        try {
            long pid = Long.parseLong(first);
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> {
                System.err.println("Klaxon: stopping leftover embedded PostgreSQL (pid " + pid + ")");
                h.destroy();
                try {
                    h.onExit().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        } catch (NumberFormatException ignored) {
            // not a pid file we understand; PostgreSQL itself will refuse or recover
        }
    }

    private static void fail(String sentence) {
        System.err.println(sentence);
        System.exit(1);
    }
}
