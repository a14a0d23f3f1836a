package dev.klaxon.notify;

import dev.klaxon.testing.Management;
import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.notifications;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.rule;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.timeline;
import static dev.klaxon.testing.Api.user;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Twilio's address answers, but not with TLS (a proxy or captive portal in the way): every call fails the
 * handshake. The failures are recorded on the timeline, the page moves on to the next contact method, and the
 * service stays up and ready.
 */
@QuarkusTest
@TestProfile(TwilioTlsFailureTest.TwilioBehindBrokenTls.class)
class TwilioTlsFailureTest {

    /** Points Klaxon's Twilio client at an https URL whose server speaks plain HTTP. */
    public static class TwilioBehindBrokenTls implements QuarkusTestProfile {
        private static ServerSocket plain;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("klaxon.twilio.api-base-url", "https://127.0.0.1:" + plainHttpServer());
        }

        private static synchronized int plainHttpServer() {
            if (plain == null) {
                try {
                    plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
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
            }
            return plain.getLocalPort();
        }
    }

    @Test
    void aTlsHandshakeFailureIsRecordedAndRoutedAroundAndTheServiceStaysUp() {
        String u = user("Tls Victim");
        String p = phone();
        rule(u, contact(u, "SMS", p), "PT0S", null);
        rule(u, contact(u, "VOICE", p), "PT10M", null);
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"tls in the way\"}").then().statusCode(202)
                .extract().path("alertId");

        Pages.until("both channels were tried", () -> notifications(alertId).stream()
                .filter(n -> n.get("error") != null && String.valueOf(n.get("error")).contains("SSL")).count() == 2);
        List<String> t = timeline(alertId);
        assertTrue(t.stream().anyMatch(m -> m.startsWith("SMS to " + p + " failed") && m.contains("SSL")), t.toString());
        assertTrue(t.stream().anyMatch(m -> m.contains("handing over to VOICE")), t.toString());
        assertTrue(t.stream().anyMatch(m -> m.startsWith("VOICE to " + p + " failed") && m.contains("SSL")), t.toString());
        Management.given().get("/q/health/ready").then().statusCode(200);
        given().get("/api/v1/alerts/" + alertId).then().statusCode(401); // the API still answers (and still wants a token)
    }
}
