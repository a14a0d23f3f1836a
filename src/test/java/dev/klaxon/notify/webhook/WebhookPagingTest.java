package dev.klaxon.notify.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klaxon.notify.Dispatcher;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.OutboxStatus;
import dev.klaxon.testing.DyingReplica;
import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.FakeHttpServer;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import dev.klaxon.testing.Timeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class WebhookPagingTest {

    @Inject
    TestClock clock;

    @Inject
    Dispatcher dispatcher;

    @Inject
    OutboxQueries outboxQueries;

    @Inject
    WebhookSender webhookSender;

    private static FakeHttpServer receiver() {
        return FakeHttpServer.start("webhook-receiver", r -> new FakeHttpServer.Reply(204, null, null));
    }

    /** Lowercase hex HMAC-SHA256 of {@code data} keyed with {@code secret}, as a receiver computes it. */
    private static String receiverSideHmac(String secret, String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(data.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String secret() {
        return admin().get("/api/v1/webhook-signing-secret").then().statusCode(200).extract().path("secret");
    }

    private static List<FakeHttpServer.Request> deliveries(FakeHttpServer receiver, int count) {
        return receiver.await(r -> "POST".equals(r.method()), count, Pages.WAIT);
    }

    @Test
    void pageIsASignedJsonPostWithTheAlertTheAckLinkAndAnIdempotencyKey() {
        try (FakeHttpServer receiver = receiver()) {
            String u = user("Wanda");
            contact(u, "WEBHOOK", receiver.url() + "/klaxon");
            String service = service(policy("PT5M", 0, u));
            var r = hook(integration(service, "GENERIC"), "{\"action\":\"trigger\",\"summary\":\"webhook queue stuck\","
                    + "\"severity\":\"error\",\"dedupKey\":\"queue-7\"}").then().statusCode(202).extract();
            String alertId = r.path("alertId");

            FakeHttpServer.Request d = deliveries(receiver, 1).get(0);
            assertEquals("/klaxon", d.path());
            assertTrue(d.header("Content-Type").startsWith("application/json"));
            String timestamp = d.header("X-Klaxon-Timestamp");
            assertEquals(Long.toString(clock.instant().getEpochSecond()), timestamp);
            // computed here the way docs/api.md tells receivers to, with the JDK's HMAC, not with Klaxon's own code
            assertEquals(receiverSideHmac(secret(), timestamp + "." + d.body()), d.header("X-Klaxon-Signature"));
            assertTrue(WebhookSignature.verify(secret(), timestamp, d.body(), d.header("X-Klaxon-Signature")),
                    "the verify method receivers may copy accepts it");
            assertFalse(WebhookSignature.verify(secret(), timestamp, d.body() + " ", d.header("X-Klaxon-Signature")),
                    "and refuses a changed body");

            JsonNode body = d.json();
            Map<String, Object> row = Timeline.awaitNotification(alertId, "WEBHOOK", "SENT");
            assertEquals(row.get("id"), d.header("Idempotency-Key"));
            assertEquals(row.get("id"), body.path("idempotencyKey").asText());
            assertEquals("page", body.path("event").asText());
            assertEquals("page", d.header("X-Klaxon-Event"));
            JsonNode alert = body.path("alert");
            assertEquals(alertId, alert.path("id").asText());
            assertEquals((int) r.path("number"), alert.path("number").asInt());
            assertEquals("webhook queue stuck", alert.path("summary").asText());
            assertEquals("error", alert.path("severity").asText());
            assertEquals("triggered", alert.path("status").asText());
            assertEquals(service, alert.path("serviceId").asText());
            assertEquals("queue-7", alert.path("dedupKey").asText());
            assertTrue(body.path("ackUrl").asText().startsWith(dev.klaxon.testing.KlaxonTestEnvironment.PUBLIC_URL + "/ack/"));
            assertEquals("HTTP 204", row.get("providerStatus"));
        }
    }

    @Test
    void aReceiverAnswering404RefusesThePageForGoodWithoutRetries() {
        try (FakeHttpServer receiver = FakeHttpServer.start("webhook-404", r -> new FakeHttpServer.Reply(404, "text/plain", "no such hook"))) {
            String u = user("Walter");
            contact(u, "WEBHOOK", receiver.url() + "/gone");
            String alertId = hook(integration(service(policy("PT5M", 0, u)), "GENERIC"),
                    "{\"action\":\"trigger\",\"summary\":\"webhook 404\"}").then().statusCode(202).extract().path("alertId");
            // the status in Klaxon's words; what the receiver said ("no such hook") is never repeated to users
            Timeline.await(alertId, "send-failed", "WEBHOOK to " + receiver.url() + "/gone", "failed for good",
                    "HTTP 404 (Not Found)");
            assertTrue(dev.klaxon.testing.Api.timeline(alertId).stream().noneMatch(m -> m.contains("no such hook")));
            assertEquals(1, receiver.requests().size(), "a refusal is not retried");
        }
    }

    @Test
    void deliveryRepeatedAfterItsSenderDiedCarriesTheSameIdempotencyKey() throws Exception {
        try (FakeHttpServer receiver = receiver()) {
            String u = user("Wim");
            String address = receiver.url() + "/hook";
            contact(u, "WEBHOOK", address);
            String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
            OutboxEntry died;
            Settled.await();
            dispatcher.pause();
            try {
                // a replica claims the page, delivers it, and dies before recording that it did
                hook(key, "{\"action\":\"trigger\",\"summary\":\"webhook replica died\"}").then().statusCode(202);
                died = DyingReplica.claim(address);
                webhookSender.send(died);
                DyingReplica.leaseRunsOut();
            } finally {
                dispatcher.resume();
            }

            // a receiver cannot be asked what it got: the delivery is repeated with the same idempotency key
            deliveries(receiver, 2);
            Eventually.await(() -> outboxQueries.find(died.id).orElseThrow().status, s -> s == OutboxStatus.SENT, "the repeat recorded");
            Settled.await();
            List<FakeHttpServer.Request> all = receiver.requests(r -> "POST".equals(r.method()));
            assertEquals(2, all.size(), all.toString());
            assertTrue(all.stream().allMatch(d -> died.id.toString().equals(d.header("Idempotency-Key"))), all.toString());
        }
    }

    @Test
    void testDeliveryHasNoAlert() {
        try (FakeHttpServer receiver = receiver()) {
            String u = user("Wes Test");
            String cm = contact(u, "WEBHOOK", receiver.url());
            admin().post("/api/v1/users/" + u + "/contact-methods/" + cm + "/test").then().statusCode(202);
            FakeHttpServer.Request d = deliveries(receiver, 1).get(0);
            assertEquals("test", d.json().path("event").asText());
            assertTrue(d.json().path("alert").isNull());
            assertTrue(d.json().path("ackUrl").isNull());
            assertTrue(WebhookSignature.verify(secret(), d.header("X-Klaxon-Timestamp"), d.body(), d.header("X-Klaxon-Signature")));
        }
    }

    @Test
    void onlyAdminsReadTheSigningSecret() {
        String u = user("Wilma Responder");
        String token = admin().body(Map.of("name", "wilma", "role", "RESPONDER", "userId", u))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).get("/api/v1/webhook-signing-secret").then().statusCode(403);
        given().get("/api/v1/webhook-signing-secret").then().statusCode(401);
        assertTrue(secret().length() >= 32, "a generated secret has 256 bits");
    }
}
