package dev.klaxon.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
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
 * cleaned by Flyway at start), a fake Twilio on loopback that the real Twilio SDK talks to, fakes of ntfy and
 * Pushover, and a GreenMail SMTP server.
 */
public class KlaxonTestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String PUBLIC_URL = "https://klaxon.test";
    public static final String DB_HOST = System.getProperty("klaxon.test.db-host", "127.0.0.1:5432");
    /** Override with -Dklaxon.test.db-name=… to run two checkouts' tests side by side. */
    /**
     * ntfy's, Pushover's and webhooks' response timeout in tests: longer than any test wait ({@code Eventually.TIMEOUT}),
     * so a request a fake holds ({@code FakeHttpServer.holdNext}) stays open for as long as the test decides, never
     * until a race with the clock. The timeout itself is tested with its own short value (ProviderFaultIsolationTest).
     */
    public static final String HTTP_PROVIDER_TIMEOUT = "PT30S";

    public static final String DB_NAME = System.getProperty("klaxon.test.db-name", "klaxon_test");
    public static final String FROM_NUMBER = "+15005550006";
    /** The service provider-outage alerts open on ({@code klaxon.outage.alert-service}); only its own test creates it. */
    public static final String OUTAGE_SERVICE = "Klaxon itself (test)";

    private static volatile FakeTwilio twilio;
    private static volatile FakeRdap rdap;
    private static volatile FakeNtfy ntfy;
    private static volatile FakePushover pushover;
    private static volatile GreenMail smtp;
    private static volatile FakeHttpServer watchdog;
    /** The secret part of the watchdog URL, as a dead-man's-switch service hands it out. */
    public static final String WATCHDOG_PATH = "/ping/5f0c7a1e-0000-4000-8000-00000000d00d";

    public static FakeTwilio twilio() {
        return twilio;
    }

    public static FakeRdap rdap() {
        return rdap;
    }

    /** The ntfy server bare topic names publish to. */
    public static FakeNtfy ntfy() {
        return ntfy;
    }

    public static FakePushover pushover() {
        return pushover;
    }

    /** A real SMTP server (GreenMail) that email pages are delivered to. */
    public static GreenMail smtp() {
        return smtp;
    }

    /** The dead-man's switch the application pings ({@code klaxon.watchdog.url}). */
    public static FakeHttpServer watchdog() {
        return watchdog;
    }

    @Override
    public Map<String, String> start() {
        // read above; the application's klaxon.* config mapping would refuse these test-only properties as unknown
        System.clearProperty("klaxon.test.db-name");
        System.clearProperty("klaxon.test.db-host");
        createDatabaseIfMissing();
        twilio = FakeTwilio.start();
        rdap = FakeRdap.start();
        ntfy = FakeNtfy.start();
        pushover = FakePushover.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        watchdog = FakeHttpServer.start("watchdog", r -> new FakeHttpServer.Reply(200, "text/plain", "OK"));
        return Map.ofEntries(
                Map.entry("quarkus.datasource.jdbc.url", jdbcUrl()),
                Map.entry("quarkus.datasource.username", "postgres"),
                Map.entry("klaxon.public-url", PUBLIC_URL),
                Map.entry("klaxon.twilio.account-sid", twilio.accountSid()),
                Map.entry("klaxon.twilio.auth-token", twilio.authToken()),
                Map.entry("klaxon.twilio.from-number", FROM_NUMBER),
                Map.entry("klaxon.twilio.api-base-url", twilio.url()),
                Map.entry("klaxon.twilio.response-timeout", "PT2S"),
                Map.entry("klaxon.checks.rdap-base-url", rdap.url()),
                Map.entry("klaxon.checks.timeout", "PT5S"),
                Map.entry("klaxon.ntfy.base-url", ntfy.url()),
                Map.entry("klaxon.ntfy.response-timeout", HTTP_PROVIDER_TIMEOUT),
                Map.entry("klaxon.pushover.app-token", FakePushover.APP_TOKEN),
                Map.entry("klaxon.pushover.api-base-url", pushover.url()),
                Map.entry("klaxon.pushover.response-timeout", HTTP_PROVIDER_TIMEOUT),
                Map.entry("klaxon.webhook.response-timeout", HTTP_PROVIDER_TIMEOUT),
                Map.entry("klaxon.outage.alert-service", OUTAGE_SERVICE),
                Map.entry("quarkus.mailer.mock", "false"),
                Map.entry("quarkus.mailer.host", "127.0.0.1"),
                Map.entry("quarkus.mailer.port", Integer.toString(smtp.getSmtp().getPort())),
                Map.entry("quarkus.mailer.from", "klaxon@klaxon.test"),
                Map.entry("quarkus.mailer.start-tls", "DISABLED"),
                Map.entry("quarkus.mailer.timeout", "5S"),
                Map.entry("klaxon.watchdog.url", watchdog.url() + WATCHDOG_PATH),
                Map.entry("klaxon.watchdog.interval", "PT0.5S"));
    }

    @Override
    public void stop() {
        if (twilio != null) {
            twilio.close();
        }
        if (rdap != null) {
            rdap.close();
        }
        if (ntfy != null) {
            ntfy.close();
        }
        if (pushover != null) {
            pushover.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (watchdog != null) {
            watchdog.close();
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
