package dev.klaxon.notify.email;

import dev.klaxon.notify.Dispatcher;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.OutboxQueries;
import dev.klaxon.notify.OutboxStatus;
import dev.klaxon.testing.DyingReplica;
import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import dev.klaxon.testing.Timeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class EmailPagingTest {

    @Inject
    TestClock clock;

    @Inject
    Dispatcher dispatcher;

    @Inject
    OutboxQueries outboxQueries;

    @Inject
    EmailSender emailSender;

    private static String address() {
        return "oncall-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@example.com";
    }

    static List<MimeMessage> mailTo(String address, int count) {
        return Eventually.await(() -> Arrays.stream(KlaxonTestEnvironment.smtp().getReceivedMessages())
                .filter(m -> recipients(m).contains(address)).toList(), l -> l.size() >= count, count + " emails to " + address);
    }

    private static String recipients(MimeMessage m) {
        try {
            return Arrays.toString(m.getRecipients(Message.RecipientType.TO));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void alertEmailCarriesNumberSummaryAckLinkAndAMessageIdFromTheOutboxRow() throws Exception {
        String to = address();
        String u = user("Emma");
        contact(u, "EMAIL", to);
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        var r = hook(key, "{\"action\":\"trigger\",\"summary\":\"email disk full on db-7\",\"severity\":\"warning\"}")
                .then().statusCode(202).extract();
        String alertId = r.path("alertId");
        int number = r.path("number");

        MimeMessage mail = mailTo(to, 1).get(0);
        assertEquals("[Klaxon #" + number + " WARNING] email disk full on db-7", mail.getSubject());
        String text = mail.getContent().toString();
        assertTrue(text.contains("email disk full on db-7"), text);
        assertTrue(text.contains("Acknowledge: " + KlaxonTestEnvironment.PUBLIC_URL + "/ack/"), text);
        Map<String, Object> row = Timeline.awaitNotification(alertId, "EMAIL", "SENT");
        assertEquals("<klaxon." + row.get("id") + "@klaxon.test>", mail.getMessageID());
        assertEquals(mail.getMessageID(), row.get("providerId"));
        assertEquals("auto-generated", mail.getHeader("Auto-Submitted", null));
    }

    @Test
    void emailSentAgainAfterItsSenderDiedKeepsTheSameMessageId() throws Exception {
        String to = address();
        String u = user("Elias");
        contact(u, "EMAIL", to);
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        String alertId;
        OutboxEntry died;
        Settled.await();
        dispatcher.pause();
        try {
            // a replica claims the page, sends it, and dies before recording it; SMTP cannot be asked, so it goes again
            alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"email replica died\"}").then().statusCode(202)
                    .extract().path("alertId");
            died = DyingReplica.claim(to);
            emailSender.send(died);
            DyingReplica.leaseRunsOut();
        } finally {
            dispatcher.resume();
        }

        mailTo(to, 2);
        Eventually.await(() -> outboxQueries.find(died.id).orElseThrow().status, s -> s == OutboxStatus.SENT, "the re-sent email recorded");
        Timeline.await(alertId, "send-recovered", "same idempotency key");
        Settled.await();
        List<String> ids = mailTo(to, 2).stream().map(m -> {
            try {
                return m.getMessageID();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertEquals(List.of("<klaxon." + died.id + "@klaxon.test>", "<klaxon." + died.id + "@klaxon.test>"), ids,
                "sent twice, both copies carrying one Message-ID");
    }

    @Test
    void testEmailHasNoAckLink() throws Exception {
        String to = address();
        String u = user("Erin Test");
        String cm = contact(u, "EMAIL", to);
        admin().post("/api/v1/users/" + u + "/contact-methods/" + cm + "/test").then().statusCode(202);
        MimeMessage mail = mailTo(to, 1).get(0);
        assertEquals("Klaxon test message", mail.getSubject());
        assertFalse(mail.getContent().toString().contains("/ack/"));
    }
}
