package dev.klaxon.ack;

import dev.klaxon.engine.EscalationSweep;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import dev.klaxon.testing.Timeline;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.alertStatus;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.notifications;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.rule;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.twilioPost;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acknowledging from a page — the link in the SMS, an SMS reply, a key press on the call — stops every page still
 * waiting for the alert: the user's delayed and repeating rules, the next steps and the policy's repeats. Without
 * the acknowledgement each of those would page within the hours the test clock then moves over.
 */
@QuarkusTest
class AckStopsEveryPageTest {

    @Inject
    TestClock clock;

    @Inject
    EscalationSweep sweep;

    record Paged(String alertId, int number, String first, String second, FakeTwilio.RecordedRequest sms,
                 FakeTwilio.RecordedRequest call) {
    }

    /**
     * First responder: an SMS and a call at once, a second call after 2 minutes and every 5 minutes after that;
     * second responder: step 2 after 10 minutes; the policy repeats once.
     */
    private Paged paged(String summary) {
        String u = user("First " + summary);
        String p = phone();
        String sms = contact(u, "SMS", p);
        String voice = contact(u, "VOICE", p);
        rule(u, sms, "PT0S", null);
        rule(u, voice, "PT0S", null);
        rule(u, voice, "PT2M", "PT5M");
        String second = user("Second " + summary);
        String q = phone();
        contact(second, "SMS", q);
        String key = integration(service(policy("PT10M", 1, u, second)), "GENERIC");
        var r = hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202).extract();
        FakeTwilio.RecordedRequest firstSms = Pages.awaitSms(p, 1).get(0);
        FakeTwilio.RecordedRequest call = Pages.awaitCall(p, 1).get(0);
        Settled.await();
        String alertId = r.path("alertId");
        assertTrue(notifications(alertId).stream().anyMatch(n -> "PENDING".equals(n.get("status"))),
                "a page must be waiting, or there is nothing to cancel: " + notifications(alertId));
        return new Paged(alertId, r.path("number"), p, q, firstSms, call);
    }

    @ParameterizedTest
    @ValueSource(strings = {"link", "sms-reply", "key-press"})
    void acknowledgingFromAPageCancelsEveryPendingPage(String how) {
        Paged a = paged("ack by " + how);
        switch (how) {
            case "link" -> given().formParam("action", "acknowledge").post("/ack/" + Pages.ackToken(a.sms()))
                    .then().statusCode(200).body(containsString("Acknowledged #" + a.number()));
            case "sms-reply" -> twilioPost("/twilio/sms", Map.of("From", a.first(), "To", KlaxonTestEnvironment.FROM_NUMBER,
                    "Body", a.number() + "a", "MessageSid", "SM" + a.number()))
                    .then().statusCode(200).body(containsString("Acknowledged #" + a.number()));
            case "key-press" -> {
                String twiml = twilioPost(Pages.voicePath(a.call()), Map.of("CallSid", a.call().sid(), "AnsweredBy", "human",
                        "To", a.first())).then().statusCode(200).extract().asString();
                twilioPost(Pages.gatherPath(twiml), Map.of("CallSid", a.call().sid(), "Digits", "4"))
                        .then().statusCode(200).body(containsString("Acknowledged number " + a.number()));
            }
            default -> throw new IllegalArgumentException(how);
        }
        assertEquals("acknowledged", alertStatus(a.alertId()));
        List<Map<String, Object>> rows = notifications(a.alertId());
        assertTrue(rows.stream().noneMatch(n -> "PENDING".equals(n.get("status"))), "still pending: " + rows);
        assertTrue(rows.stream().anyMatch(n -> "CANCELED".equals(n.get("status"))), "nothing was canceled: " + rows);

        int first = Pages.sentTo(a.first());
        // two policy passes, step 2 and 20 repeats of the call would fall in these 4 hours
        for (int i = 0; i < 24; i++) {
            clock.advance(Duration.ofMinutes(10));
            sweep.runOnce();
            Settled.await();
        }
        assertEquals(first, Pages.sentTo(a.first()), "pages to the acknowledging responder after the ack");
        assertEquals(0, Pages.sentTo(a.second()), "the second step was paged after the ack");
        assertEquals("acknowledged", alertStatus(a.alertId()));
    }

    @Test
    void anAckLinkWorksUntilItExpiresAndChangesNothingAfterwards() {
        Paged early = paged("link in time");
        Paged late = paged("link too late");
        String lateToken = Pages.ackToken(late.sms());

        // the links live 24 hours (klaxon.ack.link-ttl): one minute before, the link acknowledges
        clock.advance(Duration.ofHours(24).minusMinutes(1));
        given().formParam("action", "acknowledge").post("/ack/" + Pages.ackToken(early.sms()))
                .then().statusCode(200).body(containsString("Acknowledged #" + early.number()));
        assertEquals("acknowledged", alertStatus(early.alertId()));

        // one minute after, the same kind of link shows "expired" and acknowledges nothing, GET or POST
        clock.advance(Duration.ofMinutes(2));
        given().get("/ack/" + lateToken).then().statusCode(404).body(containsString("Link expired"));
        given().formParam("action", "acknowledge").post("/ack/" + lateToken).then().statusCode(404)
                .body(containsString("Link expired"));
        given().formParam("action", "resolve").post("/ack/" + lateToken).then().statusCode(404);
        assertEquals("triggered", alertStatus(late.alertId()));
        assertTrue(Timeline.entries(late.alertId()).stream().noneMatch(e -> "acknowledged".equals(e.get("kind"))),
                Timeline.entries(late.alertId()).toString());
        // the SMS reply still works: the expired link's page says so
        twilioPost("/twilio/sms", Map.of("From", late.first(), "Body", late.number() + "a")).then().statusCode(200)
                .body(containsString("Acknowledged #" + late.number()));
        assertEquals("acknowledged", alertStatus(late.alertId()));
    }
}
