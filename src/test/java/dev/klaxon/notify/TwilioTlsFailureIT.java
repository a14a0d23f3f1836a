package dev.klaxon.notify;

import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.Replica;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Twilio's address answers, but not with TLS (a proxy or captive portal in the way): every call fails the
 * handshake. The failures are recorded on the timeline, the page moves on to the next contact method, and the
 * service stays up and ready. A packaged Klaxon with its own Twilio address, in its own process: changing the
 * address of the one application the Quarkus tests share would restart it mid-suite.
 */
class TwilioTlsFailureIT {

    private static ServerSocket plain;
    private static Replica klaxon;

    @BeforeAll
    static void start() throws Exception {
        plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!plain.isClosed()) {
                try (Socket s = plain.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the client hung up mid-handshake: next one
                }
            }
        }, "plain-http-for-tls-test");
        t.setDaemon(true);
        t.start();
        String db = System.getProperty("klaxon.test.db-name", "klaxon_test") + "_tls";
        String host = System.getProperty("klaxon.test.db-host", "127.0.0.1:5432");
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + "/postgres", p);
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
        }
        klaxon = Replica.start("tls-failure", Replica.port(4), "jdbc:postgresql://" + host + "/" + db, Map.of(
                "klaxon.twilio.account-sid", "AC00000000000000000000000000000001",
                "klaxon.twilio.auth-token", "0123456789abcdef0123456789abcdef",
                "klaxon.twilio.from-number", "+15005550006",
                "klaxon.twilio.api-base-url", "https://127.0.0.1:" + plain.getLocalPort(),
                "klaxon.twilio.response-timeout", "PT2S"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (klaxon != null) {
            klaxon.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    @Test
    void aTlsHandshakeFailureIsRecordedAndRoutedAroundAndTheServiceStaysUp() throws InterruptedException {
        String u = klaxon.user("Tls Victim");
        String p = "+4915112345678";
        klaxon.rule(u, klaxon.contact(u, "SMS", p), "PT0S");
        klaxon.rule(u, klaxon.contact(u, "VOICE", p), "PT10M");
        String alertId = klaxon.trigger(klaxon.integration(klaxon.policy("PT1H", u)), "tls in the way");

        Eventually.await(() -> klaxon.notifications(alertId), ns -> ns.stream()
                .filter(n -> String.valueOf(n.get("error")).contains("SSL")).count() >= 2,
                Duration.ofSeconds(60), "both channels tried and failed on TLS");
        List<String> t = klaxon.timeline(alertId);
        assertTrue(t.stream().anyMatch(m -> m.startsWith("SMS to " + p + " failed") && m.contains("SSL")), t.toString());
        assertTrue(t.stream().anyMatch(m -> m.contains("handing over to VOICE")), t.toString());
        assertTrue(t.stream().anyMatch(m -> m.startsWith("VOICE to " + p + " failed") && m.contains("SSL")), t.toString());
        given().baseUri(klaxon.managementUrl()).get("/q/health/ready").then().statusCode(200);
        given().baseUri(klaxon.url()).get("/api/v1/alerts/" + alertId).then().statusCode(401); // still wants a token
    }
}
