package dev.klaxon.ack;

import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.PageLedger;
import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.alertStatus;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.timeline;
import static dev.klaxon.testing.Api.twilioPost;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Escalate" when the policy has no further step (one step, repeat 0): every surface says so, the alert stays with
 * the people who have it, and the attempt is on the timeline — never "Escalated" when nobody else was paged.
 */
@QuarkusTest
class EscalateWithoutFurtherStepTest {

    record Paged(String alertId, int number, String phone) {
    }

    private static Paged paged(String summary, boolean voice) {
        String u = user("Last Step " + summary);
        String p = phone();
        contact(u, "SMS", p);
        if (voice) {
            contact(u, "VOICE", p);
        }
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        var r = hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202).extract();
        Pages.awaitSms(p, 1);
        return new Paged(r.path("alertId"), r.path("number"), p);
    }

    private static void assertStaysAndIsRecorded(Paged a, String status) {
        assertEquals(status, alertStatus(a.alertId()));
        List<String> kinds = admin().get("/api/v1/alerts/" + a.alertId()).then().extract().path("timeline.kind");
        assertTrue(kinds.contains("escalation-unavailable"), kinds.toString());
        assertTrue(timeline(a.alertId()).stream().noneMatch(m -> m.startsWith("Escalation requested") && !m.contains("no further step")),
                timeline(a.alertId()).toString());
    }

    @Test
    void smsReplySaysThereIsNoFurtherStep() {
        Paged a = paged("disk full on db-3", false);
        twilioPost("/twilio/sms", Map.of("From", a.phone(), "Body", a.number() + "e"))
                .then().statusCode(200).body(not(containsString("Escalated")))
                .body(containsString("no further step"));
        assertStaysAndIsRecorded(a, "triggered");
        new PageLedger().expect(a.phone(), 1, 0).assertNothingUnexpected();
    }

    @Test
    void keyPressFiveSaysThereIsNoFurtherStep() {
        Paged a = paged("queue backlog", true);
        FakeTwilio.RecordedRequest call = Pages.awaitCall(a.phone(), 1).get(0);
        String twiml = twilioPost(Pages.voicePath(call), Map.of("CallSid", call.sid(), "AnsweredBy", "human", "To", a.phone()))
                .then().statusCode(200).extract().asString();
        twilioPost(Pages.gatherPath(twiml), Map.of("CallSid", call.sid(), "Digits", "5"))
                .then().statusCode(200).body(not(containsString("Escalated"))).body(containsString("no further step"));
        assertStaysAndIsRecorded(a, "triggered");
    }

    @Test
    void ackPageAndApiSayThereIsNoFurtherStepAndAnAcknowledgementStays() {
        Paged a = paged("cert expiring", false);
        String token = Pages.ackToken(KlaxonTestEnvironment.twilio().messagesTo(a.phone()).get(0));
        given().formParam("action", "acknowledge").post("/ack/" + token).then().statusCode(200);
        given().formParam("action", "escalate").post("/ack/" + token).then().statusCode(200)
                .body(not(containsString("Escalated"))).body(containsString("no further step"));
        admin().post("/api/v1/alerts/" + a.alertId() + "/escalate").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("no further step"));
        assertStaysAndIsRecorded(a, "acknowledged");
        new PageLedger().expect(a.phone(), 1, 0).assertNothingUnexpected();
    }

    @Test
    void withAFurtherStepEscalateStillEscalates() {
        String first = user("First Step");
        String second = user("Second Step");
        String p1 = phone();
        String p2 = phone();
        contact(first, "SMS", p1);
        contact(second, "SMS", p2);
        String key = integration(service(policy("PT5M", 0, first, second)), "GENERIC");
        int number = hook(key, "{\"action\":\"trigger\",\"summary\":\"two steps\"}").then().statusCode(202).extract().path("number");
        Pages.awaitSms(p1, 1);
        twilioPost("/twilio/sms", Map.of("From", p1, "Body", number + "e")).then().statusCode(200)
                .body(containsString("Escalated #" + number));
        Pages.awaitSms(p2, 1);
        new PageLedger().expect(p1, 1, 0).expect(p2, 1, 0).assertNothingUnexpected();
    }
}
