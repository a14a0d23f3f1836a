package dev.klaxon.security;

import dev.klaxon.check.ExpiryChecks;
import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.FakeHttpServer;
import dev.klaxon.testing.KlaxonTestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every outbound channel whose address a user supplies — webhooks, ntfy topic URLs, TLS check targets — goes through
 * the outbound guard: internal addresses are refused when saved and again when connecting (a name may resolve
 * elsewhere by then), redirects are not followed, and what a receiver answered never reaches users. The tests'
 * own fakes on 127.0.0.1 are reached through the operator allow-list of the test profile; 127.0.0.2 is not on it,
 * and a listener there proves that nothing connected.
 */
@QuarkusTest
class SsrfTest {

    static final List<String> INTERNAL_HOSTS = List.of("127.0.0.2", "[::1]", "0.0.0.0", "169.254.169.254", "10.0.0.1",
            "192.168.1.1", "172.16.0.1", "100.64.0.1", "[fd00::1]", "[fe80::1]", "[::ffff:127.0.0.2]", "2130706434", "224.0.0.1");

    @Inject
    ExpiryChecks checks;

    ServerSocket internal;

    @BeforeEach
    void listenOnAnInternalAddress() throws IOException {
        internal = new ServerSocket();
        internal.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        internal.setSoTimeout(300);
    }

    @AfterEach
    void close() throws IOException {
        internal.close();
    }

    void nothingConnected() throws IOException {
        try (Socket s = internal.accept()) {
            throw new AssertionError("Klaxon connected to the internal listener at " + s.getLocalSocketAddress());
        } catch (SocketTimeoutException expected) {
            // nobody came
        }
    }

    String internalUrl(String path) {
        return "http://127.0.0.2:" + internal.getLocalPort() + path;
    }

    @Test
    void aResponderCannotAddAWebhookOrNtfyUrlAtAnInternalAddress() {
        Responders r = Responders.create("Sneaky Sam");
        List<String> accepted = new ArrayList<>();
        for (String host : INTERNAL_HOSTS) {
            for (String type : List.of("WEBHOOK", "NTFY")) {
                String url = "http://" + host + ":" + internal.getLocalPort() + "/topic1";
                int status = r.api().body(Map.of("type", type, "address", url))
                        .post("/api/v1/users/" + r.userId() + "/contact-methods").then().extract().statusCode();
                if (status != 400) {
                    accepted.add(type + " " + url + " → " + status);
                }
            }
        }
        assertEquals(List.of(), accepted);
    }

    @Test
    void aWebhookThatPointsInsideWhenItIsCalledIsRefusedAtConnectTime() throws Exception {
        String u = user("Rebound Rita");
        // saved when its name still resolved outside: the row is what counts now
        UUID cm = insertContactMethod(u, "WEBHOOK", internalUrl("/hook"));
        String error = testMessageError(u, cm);
        assertTrue(error.contains("loopback") && error.contains("KLAXON_OUTBOUND_ALLOW"), error);
        assertFalse(error.contains("Exception"), "no Java class names on timelines or in errors: " + error);
        nothingConnected();
    }

    @Test
    void anNtfyTopicUrlThatPointsInsideIsRefusedAtConnectTime() throws Exception {
        String u = user("Rebound Nora");
        UUID cm = insertContactMethod(u, "NTFY", internalUrl("/oncall-nora"));
        String error = testMessageError(u, cm);
        assertTrue(error.contains("loopback"), error);
        nothingConnected();
    }

    @Test
    void aTlsCheckTargetAtAnInternalAddressIsRefusedWhenAddedAndWhenRun() throws Exception {
        String serviceId = service(policy("PT30M", 0, user("Check Chad")));
        for (String host : INTERNAL_HOSTS) {
            admin().body(Map.of("type", "TLS_CERTIFICATE", "target", host + ":" + internal.getLocalPort()))
                    .post("/api/v1/services/" + serviceId + "/checks").then().statusCode(400);
        }
        UUID check = UUID.randomUUID();
        sql("INSERT INTO expiry_check (id, service_id, type, target, window_seconds, created_at, next_check_at)"
                + " VALUES (?, ?, 'TLS_CERTIFICATE', ?, 1209600, now(), '2000-01-01T00:00:00Z')",
                check, UUID.fromString(serviceId), "127.0.0.2:" + internal.getLocalPort());
        checks.runDue();
        Map<String, Object> result = Eventually.await(() -> admin().get("/api/v1/services/" + serviceId + "/checks/" + check)
                .then().statusCode(200).extract().<Map<String, Object>>path("$"), c -> c.get("lastCheckedAt") != null, "the check ran");
        assertEquals(false, result.get("ok"));
        assertTrue(String.valueOf(result.get("error")).contains("loopback"), result.toString());
        assertFalse(String.valueOf(result.get("error")).contains("Exception"), result.toString());
        nothingConnected();
    }

    @Test
    void whatAWebhookReceiverAnswersIsNeverShownAndRedirectsAreNotFollowed() throws Exception {
        String secretBody = "internal-stack-trace-" + UUID.randomUUID();
        try (FakeHttpServer receiver = FakeHttpServer.start("chatty-receiver", req -> req.path().startsWith("/moved")
                ? new FakeHttpServer.Reply(302, "text/plain", secretBody) : new FakeHttpServer.Reply(500, "text/plain", secretBody))) {
            String u = user("Chatty Carl");
            String cm = dev.klaxon.testing.Api.contact(u, "WEBHOOK", receiver.url() + "/hook");
            String error = testMessageError(u, UUID.fromString(cm));
            assertTrue(error.contains("HTTP 500"), error);
            assertFalse(error.contains(secretBody), error);

            String moved = dev.klaxon.testing.Api.contact(u, "WEBHOOK", receiver.url() + "/moved");
            String redirect = testMessageError(u, UUID.fromString(moved));
            assertTrue(redirect.contains("HTTP 302"), redirect);
            assertFalse(redirect.contains(secretBody), redirect);
            assertEquals(1, receiver.requests(r -> r.path().startsWith("/moved")).size(), "the redirect was not followed");
        }
    }

    /** Sends the contact method a test message and waits for the failure recorded on its outbox row. */
    static String testMessageError(String userId, UUID cm) throws Exception {
        String id = admin().post("/api/v1/users/" + userId + "/contact-methods/" + cm + "/test").then().statusCode(202)
                .extract().path("notificationId");
        return Eventually.await(() -> outboxError(UUID.fromString(id)), e -> e != null, "the test message failed");
    }

    static String outboxError(UUID row) {
        try (Connection c = KlaxonTestEnvironment.connect();
             PreparedStatement st = c.prepareStatement("SELECT error FROM outbox WHERE id = ?")) {
            st.setObject(1, row);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static UUID insertContactMethod(String userId, String type, String address) throws Exception {
        UUID id = UUID.randomUUID();
        sql("INSERT INTO contact_method (id, user_id, type, address, label, confirmed, disabled, created_at)"
                + " VALUES (?, ?, ?, ?, 'inserted', true, false, ?)", id, UUID.fromString(userId), type, address,
                java.sql.Timestamp.from(Instant.now()));
        return id;
    }

    static void sql(String statement, Object... args) throws Exception {
        SweepIsolationTest.sql(statement, args);
    }
}
