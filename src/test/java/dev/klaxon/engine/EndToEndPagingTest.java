package dev.klaxon.engine;

import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.PageLedger;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.alertStatus;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.sample;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class EndToEndPagingTest {

    @Inject
    TestClock clock;

    @Inject
    EscalationSweep sweep;

    @Test
    void alertmanagerAlertPagesOnCallUserEscalatesAndStopsWhenAcknowledgedThroughTheLink() throws Exception {
        String alice = user("Alice");
        String bob = user("Bob");
        String alicePhone = phone();
        String bobPhone = phone();
        contact(alice, "SMS", alicePhone);
        contact(alice, "VOICE", alicePhone);
        contact(bob, "SMS", bobPhone);
        // repeat 2: without the acknowledgement the policy would page Alice and Bob again after Bob's step
        String service = service(policy("PT5M", 2, alice, bob));
        String key = integration(service, "ALERTMANAGER");

        Response accepted = hook(key, sample("alertmanager/01-firing-one-alert.json"));
        accepted.then().statusCode(202).body("status", is("triggered")).body("number", notNullValue())
                .body("dedupKey", is("{}:{alertname=\"HighErrorRate\", cluster=\"eu-1\"}"));
        String alertId = accepted.path("alertId");
        int number = accepted.path("number");

        // step 1: Alice gets an SMS with the number, the summary and the ack link, and a call
        FakeTwilio.RecordedRequest sms = Pages.awaitSms(alicePhone, 1).get(0);
        assertTrue(sms.param("Body").contains("#" + number), sms.param("Body"));
        assertTrue(sms.param("Body").contains("5xx ratio above 5% on checkout"), sms.param("Body"));
        assertEquals(KlaxonTestEnvironment.FROM_NUMBER, sms.param("From"));
        FakeTwilio.RecordedRequest call = Pages.awaitCall(alicePhone, 1).get(0);
        assertTrue(Pages.voicePath(call).startsWith("/twilio/voice/"));
        assertEquals(0, Pages.sentTo(bobPhone), "Bob is step 2 and must not be paged yet");

        // nobody acknowledged within the step's delay: step 2 pages Bob
        Settled.await();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        sweep.runOnce();
        Pages.awaitSms(bobPhone, 1);

        // a GET on the link (a link scanner, a preview) changes nothing
        String token = Pages.ackToken(sms);
        given().get("/ack/" + token).then().statusCode(200)
                .body(containsString("5xx ratio above 5% on checkout")).body(containsString("Acknowledge"));
        assertEquals("triggered", alertStatus(alertId));

        given().formParam("action", "acknowledge").post("/ack/" + token).then().statusCode(200)
                .body(containsString("Acknowledged #" + number));
        admin().get("/api/v1/alerts/" + alertId).then().statusCode(200)
                .body("status", is("acknowledged")).body("acknowledgedBy", is("Alice"))
                .body("timeline.kind", hasItems("triggered", "paged", "acknowledged"));

        // nothing more is sent, however much time passes (unacknowledged, two more passes would page both again)
        Settled.await();
        int before = KlaxonTestEnvironment.twilio().requests().size();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            sweep.runOnce();
            Settled.await();
        }
        assertEquals(before, KlaxonTestEnvironment.twilio().requests().size(),
                "pages after the acknowledgement: " + KlaxonTestEnvironment.twilio().requests());
        List<String> statuses = admin().get("/api/v1/alerts/" + alertId + "/notifications").then().statusCode(200)
                .extract().path("status");
        assertEquals(3, statuses.size(), "Alice SMS, Alice call, Bob SMS: " + statuses);
        assertTrue(statuses.stream().allMatch("SENT"::equals), statuses.toString());
        new PageLedger().expect(alicePhone, 1, 1).expect(bobPhone, 1, 0).assertNothingUnexpected();
    }

    @Test
    void policyRepeatsFromTheFirstStepAndThenStops() throws Exception {
        String carol = user("Carol");
        String carolPhone = phone();
        contact(carol, "SMS", carolPhone);
        String key = integration(service(policy("PT10M", 1, carol)), "GENERIC");
        hook(key, "{\"action\":\"trigger\",\"summary\":\"disk full on db-1\"}").then().statusCode(202);
        Pages.awaitSms(carolPhone, 1);

        Settled.await();
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        sweep.runOnce();
        Pages.awaitSms(carolPhone, 2); // the repeat

        Settled.await();
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        sweep.runOnce();
        Settled.await();
        clock.advance(Duration.ofMinutes(30));
        sweep.runOnce();
        Settled.await();
        assertEquals(2, KlaxonTestEnvironment.twilio().messagesTo(carolPhone).size(), "repeat 1 means two passes");
        new PageLedger().expect(carolPhone, 2, 0).assertNothingUnexpected();
    }

    @Test
    void stepWithNobodyToPageEscalatesAtOnce() {
        String nobody = user("Dana Without Phone");
        String erin = user("Erin");
        String erinPhone = phone();
        contact(erin, "SMS", erinPhone);
        String key = integration(service(policy("PT30M", 0, nobody, erin)), "GENERIC");
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"queue backlog\"}").then().statusCode(202)
                .extract().path("alertId");
        Pages.awaitSms(erinPhone, 1); // without waiting 30 minutes
        admin().get("/api/v1/alerts/" + alertId).then()
                .body("timeline.kind", hasItems("page-skipped", "escalation-skip", "paged"));
        new PageLedger().expect(erinPhone, 1, 0).assertNothingUnexpected();
    }
}
