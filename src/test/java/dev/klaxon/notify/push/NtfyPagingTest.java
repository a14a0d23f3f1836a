package dev.klaxon.notify.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klaxon.notify.Dispatcher;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.testing.DyingReplica;
import dev.klaxon.testing.FakeNtfy;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import dev.klaxon.testing.Timeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.alertStatus;
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
class NtfyPagingTest {

    @Inject
    TestClock clock;

    @Inject
    Dispatcher dispatcher;

    @Inject
    OutboxQueries outboxQueries;

    @Inject
    NtfySender ntfySender;

    record Paged(String userId, String contactId, String alertId, int number, String topic) {
    }

    private Paged paged(String summary, String address, String topic) {
        String u = user("Nina " + summary);
        String cm = contact(u, "NTFY", address);
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        var r = hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\",\"severity\":\"critical\"}")
                .then().statusCode(202).extract();
        return new Paged(u, cm, r.path("alertId"), r.path("number"), topic);
    }

    private static String topic() {
        return "oncall-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @Test
    void alertIsPublishedUrgentWithATapToTheAckPageAndButtonsThatAcknowledgeFromTheNotification() {
        String topic = topic();
        Paged p = paged("ntfy checkout down", topic, topic);
        JsonNode m = KlaxonTestEnvironment.ntfy().awaitMessages(topic, 1).get(0);

        assertEquals(5, m.path("priority").asInt(), m.toString());
        assertTrue(m.path("title").asText().contains("#" + p.number()), m.toString());
        assertEquals("ntfy checkout down", m.path("message").asText());
        String ackUrl = m.path("click").asText();
        assertTrue(ackUrl.startsWith(KlaxonTestEnvironment.PUBLIC_URL + "/ack/"), ackUrl);
        List<String> tags = new ArrayList<>();
        m.path("tags").forEach(t -> tags.add(t.asText()));
        Map<String, Object> row = Timeline.awaitNotification(p.alertId(), "NTFY", "SENT");
        assertEquals(List.of("rotating_light", "klaxon-" + row.get("id")), tags);
        assertEquals(m.path("id").asText(), row.get("providerId"), "the ntfy message id is recorded");

        JsonNode ack = m.path("actions").get(0);
        assertEquals("http", ack.path("action").asText());
        assertEquals("Acknowledge", ack.path("label").asText());
        assertEquals("POST", ack.path("method").asText());
        assertEquals(ackUrl, ack.path("url").asText());
        assertEquals("resolve", m.path("actions").get(1).path("body").asText().replace("action=", ""));

        // the phone's ntfy app performs the button's request as published
        given().header("Content-Type", ack.path("headers").path("Content-Type").asText())
                .body(ack.path("body").asText())
                .post(ack.path("url").asText().substring(KlaxonTestEnvironment.PUBLIC_URL.length()))
                .then().statusCode(200);
        assertEquals("acknowledged", alertStatus(p.alertId()));
        admin().get("/api/v1/alerts/" + p.alertId()).then()
                .body("acknowledgedBy", org.hamcrest.Matchers.startsWith("Nina"));
    }

    @Test
    void aTopicUrlPublishesToItsOwnServer() {
        try (FakeNtfy own = FakeNtfy.start()) {
            String topic = topic();
            paged("ntfy own server", own.url() + "/" + topic, topic);
            own.awaitMessages(topic, 1);
            assertTrue(KlaxonTestEnvironment.ntfy().messages(topic).isEmpty());
        }
    }

    @Test
    void testMessageIsSentWithoutAckButtons() {
        String topic = topic();
        String u = user("Nora Test");
        String cm = contact(u, "NTFY", topic);
        admin().post("/api/v1/users/" + u + "/contact-methods/" + cm + "/test").then().statusCode(202);
        JsonNode m = KlaxonTestEnvironment.ntfy().awaitMessages(topic, 1).get(0);
        assertEquals("Klaxon test message", m.path("title").asText());
        assertTrue(m.path("message").asText().contains("can be paged"), m.toString());
        assertTrue(m.path("actions").isMissingNode(), "no alert, nothing to acknowledge: " + m);
        assertTrue(m.path("click").isMissingNode(), m.toString());
    }

    @Test
    void pageWhoseSenderDiedBeforePublishingIsPublishedOnceAfterTheLeaseRunsOut() {
        KlaxonTestEnvironment.ntfy().useClock(clock);
        String topic = topic();
        Paged p;
        OutboxEntry claimed;
        Settled.await();
        dispatcher.pause();
        try {
            // another replica claims the page and dies before it calls ntfy
            p = paged("ntfy replica died before send", topic, topic);
            claimed = DyingReplica.claim(topic);
            DyingReplica.leaseRunsOut();
        } finally {
            dispatcher.resume();
        }
        KlaxonTestEnvironment.ntfy().awaitMessages(topic, 1);
        Timeline.await(p.alertId(), "send-recovered", "no record of it");
        OutboxEntry settled = dev.klaxon.testing.Eventually.await(() -> outboxQueries.find(claimed.id).orElseThrow(),
                r -> r.status == dev.klaxon.notify.OutboxStatus.SENT, "the recovered page recorded as sent");
        Settled.await();
        List<JsonNode> published = KlaxonTestEnvironment.ntfy().messages(topic);
        assertEquals(1, published.size(), "published once: " + published);
        assertTrue(published.get(0).path("tags").toString().contains("klaxon-" + claimed.id), published.toString());
        assertEquals(published.get(0).path("id").asText(), settled.providerId);
    }

    @Test
    void pageWhoseSenderDiedAfterPublishingIsNotPublishedAgain() throws Exception {
        KlaxonTestEnvironment.ntfy().useClock(clock);
        String topic = topic();
        Paged p;
        OutboxEntry claimed;
        Settled.await();
        dispatcher.pause();
        try {
            // a replica claims the page, publishes it, and dies before recording that it did
            p = paged("ntfy replica died after send", topic, topic);
            claimed = DyingReplica.claim(topic);
            ntfySender.send(claimed);
            DyingReplica.leaseRunsOut();
        } finally {
            dispatcher.resume();
        }
        OutboxEntry settled = dev.klaxon.testing.Eventually.await(() -> outboxQueries.find(claimed.id).orElseThrow(),
                r -> r.status == dev.klaxon.notify.OutboxStatus.SENT, "the page found in ntfy's cache and recorded as sent");
        Settled.await();
        List<JsonNode> published = KlaxonTestEnvironment.ntfy().messages(topic);
        assertEquals(1, published.size(), "the one the dead replica sent, nothing more: " + published);
        assertEquals(published.get(0).path("id").asText(), settled.providerId);
        assertFalse(Timeline.entries(p.alertId()).stream().anyMatch(e -> "send-recovered".equals(e.get("kind"))),
                "nothing was re-sent");
    }

}
