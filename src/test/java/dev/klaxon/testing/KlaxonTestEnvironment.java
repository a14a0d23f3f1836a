package dev.klaxon.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * What every Quarkus test runs against: the local PostgreSQL (database {@code klaxon_test}, created if missing,
 * cleaned by Flyway at start) and a fake Twilio on loopback that the real Twilio SDK talks to.
 */
public class KlaxonTestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String PUBLIC_URL = "https://klaxon.test";
    public static final String DB_HOST = System.getProperty("klaxon.test.db-host", "127.0.0.1:5432");
    /** Override with -Dklaxon.test.db-name=… to run two checkouts' tests side by side. */
    public static final String DB_NAME = System.getProperty("klaxon.test.db-name", "klaxon_test");
    public static final String FROM_NUMBER = "+15005550006";

    private static volatile FakeTwilio twilio;

    public static FakeTwilio twilio() {
        return twilio;
    }

    @Override
    public Map<String, String> start() {
        // read above; the application's klaxon.* config mapping would refuse these test-only properties as unknown
        System.clearProperty("klaxon.test.db-name");
        System.clearProperty("klaxon.test.db-host");
        createDatabaseIfMissing();
        twilio = FakeTwilio.start();
        return Map.ofEntries(
                Map.entry("quarkus.datasource.jdbc.url", jdbcUrl()),
                Map.entry("quarkus.datasource.username", "postgres"),
                Map.entry("klaxon.public-url", PUBLIC_URL),
                Map.entry("klaxon.twilio.account-sid", twilio.accountSid()),
                Map.entry("klaxon.twilio.auth-token", twilio.authToken()),
                Map.entry("klaxon.twilio.from-number", FROM_NUMBER),
                Map.entry("klaxon.twilio.api-base-url", twilio.url()),
                Map.entry("klaxon.twilio.response-timeout", "PT2S"));
    }

    @Override
    public void stop() {
        if (twilio != null) {
            twilio.close();
        }
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://" + DB_HOST + "/" + DB_NAME;
    }

    public static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    private static void createDatabaseIfMissing() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + DB_HOST + "/postgres", p);
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DB_NAME + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + DB_NAME);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("tests need PostgreSQL on " + DB_HOST + " (user postgres, trust auth); "
                    + ".ci/run starts it: " + e.getMessage(), e);
        }
    }
}
