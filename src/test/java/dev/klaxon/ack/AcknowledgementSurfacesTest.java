package dev.klaxon.ack;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.klaxon.testing.Api.alertStatus;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.twilioPost;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class AcknowledgementSurfacesTest {

    record Paged(String alertId, int number, String phone) {
    }

    private Paged pagedAlert(String summary, boolean voice) {
        String u = user("Responder " + summary);
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

    @Test
    void smsReplyWithNumberAndLetterAcknowledges() {
        Paged a = pagedAlert("api latency high", false);
        twilioPost("/twilio/sms", Map.of("From", a.phone(), "To", KlaxonTestEnvironment.FROM_NUMBER,
                "Body", a.number() + "a", "MessageSid", "SM1"))
                .then().statusCode(200).contentType(containsString("xml"))
                .body(containsString("Acknowledged #" + a.number()));
        assertEquals("acknowledged", alertStatus(a.alertId()));
    }

    @Test
    void bareReplyActsOnTheLastAlertSentToThatPhone() {
        Paged earlier = pagedAlert("cache miss storm", false);
        String u = Api.admin().get("/api/v1/alerts/" + earlier.alertId() + "/notifications").then().extract().path("[0].userId");
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        var later = hook(key, "{\"action\":\"trigger\",\"summary\":\"cache evictions\"}").then().statusCode(202).extract();
        Pages.awaitSms(earlier.phone(), 2);
        twilioPost("/twilio/sms", Map.of("From", earlier.phone(), "Body", " C ")).then().statusCode(200)
                .body(containsString("Resolved #" + later.path("number")));
        assertEquals("resolved", alertStatus(later.path("alertId")));
        assertEquals("triggered", alertStatus(earlier.alertId()), "only the last alert sent to the phone");
    }

    @Test
    void smsWithBadSignatureIsRefusedAndChangesNothing() {
        Paged a = pagedAlert("payments 502", false);
        given().contentType(ContentType.URLENC).header("X-Twilio-Signature", "bm90LWEtc2lnbmF0dXJl")
                .formParams(Map.of("From", a.phone(), "Body", a.number() + "a"))
                .post("/twilio/sms").then().statusCode(403).contentType(containsString("problem+json"));
        given().contentType(ContentType.URLENC)
                .formParams(Map.of("From", a.phone(), "Body", a.number() + "a"))
                .post("/twilio/sms").then().statusCode(403);
        // signed for other parameters than the ones sent
        String sig = dev.klaxon.notify.twilio.TwilioSignature.sign(KlaxonTestEnvironment.twilio().authToken(),
                KlaxonTestEnvironment.PUBLIC_URL + "/twilio/sms", Map.of("From", a.phone(), "Body", "hello"));
        given().contentType(ContentType.URLENC).header("X-Twilio-Signature", sig)
                .formParams(Map.of("From", a.phone(), "Body", a.number() + "a"))
                .post("/twilio/sms").then().statusCode(403);
        assertEquals("triggered", alertStatus(a.alertId()));
    }

    @Test
    void keyPressFourOnTheCallAcknowledges() {
        Paged a = pagedAlert("checkout down", true);
        FakeTwilio.RecordedRequest call = Pages.awaitCall(a.phone(), 1).get(0);
        String path = Pages.voicePath(call);
        String twiml = twilioPost(path, Map.of("CallSid", call.sid(), "AnsweredBy", "human", "To", a.phone()))
                .then().statusCode(200).body(containsString("<Gather"))
                .body(containsString("checkout down")).body(containsString("Press 4 to acknowledge"))
                .extract().asString();
        String gather = Pages.gatherPath(twiml);
        twilioPost(gather, Map.of("CallSid", call.sid(), "Digits", "*"))
                .then().statusCode(200).body(containsString("<Redirect"));
        assertEquals("triggered", alertStatus(a.alertId()));
        twilioPost(gather, Map.of("CallSid", call.sid(), "Digits", "4"))
                .then().statusCode(200).body(containsString("Acknowledged number " + a.number()));
        assertEquals("acknowledged", alertStatus(a.alertId()));
    }

    @Test
    void keyPressWithBadSignatureChangesNothing() {
        Paged a = pagedAlert("search degraded", true);
        String path = Pages.voicePath(Pages.awaitCall(a.phone(), 1).get(0));
        String gather = path.replaceFirst("\\?", "/gather?");
        given().contentType(ContentType.URLENC).header("X-Twilio-Signature", "d3Jvbmc=")
                .formParams(Map.of("Digits", "4")).post(gather).then().statusCode(403);
        assertEquals("triggered", alertStatus(a.alertId()));
    }

    @Test
    void ackLinkGetChangesNothingAndForgedLinksAreRefused() {
        Paged a = pagedAlert("login errors", false);
        String token = Pages.ackToken(KlaxonTestEnvironment.twilio().messagesTo(a.phone()).get(0));
        for (int i = 0; i < 3; i++) {
            given().get("/ack/" + token).then().statusCode(200);
        }
        assertEquals("triggered", alertStatus(a.alertId()));
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        given().formParam("action", "acknowledge").post("/ack/" + forged).then().statusCode(404);
        assertEquals("triggered", alertStatus(a.alertId()));
        given().formParam("action", "resolve").post("/ack/" + token).then().statusCode(200);
        assertEquals("resolved", alertStatus(a.alertId()));
    }

    @Test
    void stopDisablesSmsForThatNumberAndStartResumes() {
        Paged a = pagedAlert("stop test", false);
        twilioPost("/twilio/sms", Map.of("From", a.phone(), "Body", "STOP")).then().statusCode(200);
        Api.admin().get("/api/v1/users/" + userOf(a) + "/contact-methods").then()
                .body("[0].disabled", org.hamcrest.Matchers.is(true));
        twilioPost("/twilio/sms", Map.of("From", a.phone(), "Body", "start")).then().statusCode(200);
        Api.admin().get("/api/v1/users/" + userOf(a) + "/contact-methods").then()
                .body("[0].disabled", org.hamcrest.Matchers.is(false));
    }

    private static String userOf(Paged a) {
        return Api.admin().get("/api/v1/alerts/" + a.alertId() + "/notifications").then().extract().path("[0].userId");
    }
}
