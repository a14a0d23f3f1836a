package dev.klaxon.notify;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.FakeTwilio;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Management;
import dev.klaxon.testing.Metrics;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
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
import static dev.klaxon.testing.Api.twilioPost;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Twilio's status callbacks and the call script decide whether a page reached a human. Anything short of that —
 * no answer, busy, failed, voicemail, an answered call without a key press, an undelivered SMS — hands over to the
 * user's next contact method at once, without waiting for the next escalation step.
 */
@QuarkusTest
class TwilioCallbacksTest {

    record Paged(String alertId, String phone, FakeTwilio.RecordedRequest first) {
    }

    /** A user whose first rule uses {@code firstType} at once and whose second uses the other phone channel in 10 min. */
    private Paged paged(String summary, String firstType) {
        String u = user("Callback " + summary);
        String p = phone();
        String sms = contact(u, "SMS", p);
        String voice = contact(u, "VOICE", p);
        String secondType = firstType.equals("VOICE") ? "SMS" : "VOICE";
        rule(u, firstType.equals("VOICE") ? voice : sms, "PT0S", null);
        rule(u, secondType.equals("VOICE") ? voice : sms, "PT10M", null);
        String key = integration(service(policy("PT1H", 0, u)), "GENERIC");
        String alertId = hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202)
                .extract().path("alertId");
        FakeTwilio.RecordedRequest first = firstType.equals("VOICE") ? Pages.awaitCall(p, 1).get(0) : Pages.awaitSms(p, 1).get(0);
        return new Paged(alertId, p, first);
    }

    private static String path(String url) {
        assertNotNull(url, "no callback URL");
        assertTrue(url.startsWith(KlaxonTestEnvironment.PUBLIC_URL), url);
        return url.substring(KlaxonTestEnvironment.PUBLIC_URL.length());
    }

    private static void callStatus(FakeTwilio.RecordedRequest call, String status, int sequence) {
        twilioPost(path(call.param("StatusCallback")), Map.of("CallSid", call.sid(), "CallStatus", status,
                "SequenceNumber", String.valueOf(sequence), "To", call.param("To"))).then().statusCode(204);
    }

    private static Map<String, Object> row(String alertId, String channel) {
        return notifications(alertId).stream().filter(n -> channel.equals(n.get("channel"))).findFirst().orElseThrow();
    }

    /** Nothing was handed over: checked once whatever a wrong hand-over would have sent has had time to go out. */
    private static boolean smsStillWaits(Paged a) {
        Settled.await();
        return KlaxonTestEnvironment.twilio().messagesTo(a.phone()).isEmpty()
                && "PENDING".equals(row(a.alertId(), "SMS").get("status"));
    }

    @Test
    void callsAskForStatusCallbacksAndVoicemailDetection() {
        FakeTwilio.RecordedRequest call = paged("api gateway 502", "VOICE").first();
        assertTrue(call.param("StatusCallback").startsWith(KlaxonTestEnvironment.PUBLIC_URL + "/twilio/status/call?row="));
        assertEquals(List.of("initiated", "ringing", "answered", "completed"), call.params("StatusCallbackEvent"));
        assertEquals("POST", call.param("StatusCallbackMethod"));
        assertEquals("DetectMessageEnd", call.param("MachineDetection"));
        assertTrue(call.param("Url").contains("?row="), call.param("Url"));
    }

    @Test
    void nobodyAnsweringHandsOverToSmsAtOnce() {
        Paged a = paged("orders backlog", "VOICE");
        callStatus(a.first(), "initiated", 0);
        callStatus(a.first(), "ringing", 1);
        assertTrue(smsStillWaits(a), "ringing is not a failure");
        callStatus(a.first(), "no-answer", 2);

        FakeTwilio.RecordedRequest sms = Pages.awaitSms(a.phone(), 1).get(0); // now, not in 10 minutes
        assertTrue(sms.param("Body").contains("orders backlog"));
        Map<String, Object> voice = row(a.alertId(), "VOICE");
        assertEquals("FAILED", voice.get("status"));
        assertEquals("no-answer", voice.get("providerStatus"));
        assertEquals(a.first().sid(), voice.get("providerId"));
        List<String> t = timeline(a.alertId());
        assertTrue(t.stream().anyMatch(m -> m.contains("ringing")), t.toString());
        assertTrue(t.stream().anyMatch(m -> m.contains("nobody answered") && m.contains("handing over to SMS")), t.toString());
    }

    @Test
    void busyAndFailedCallsHandOverToo() {
        for (String status : List.of("busy", "failed", "canceled")) {
            Paged a = paged("status " + status, "VOICE");
            callStatus(a.first(), status, 1);
            Pages.awaitSms(a.phone(), 1);
            assertEquals("FAILED", row(a.alertId(), "VOICE").get("status"));
        }
    }

    @Test
    void anAnsweringMachineIsNotAnAnswer() {
        Paged a = paged("disk latency", "VOICE");
        String twiml = twilioPost(Pages.voicePath(a.first()), Map.of("CallSid", a.first().sid(),
                "AnsweredBy", "machine_end_beep")).then().statusCode(200).extract().asString();
        assertTrue(twiml.contains("disk latency") && twiml.contains("<Hangup"), twiml);
        assertTrue(!twiml.contains("<Gather"), "no keys to a voicemail: " + twiml);
        Pages.awaitSms(a.phone(), 1);
        Map<String, Object> voice = row(a.alertId(), "VOICE");
        assertEquals("FAILED", voice.get("status"));
        assertTrue(String.valueOf(voice.get("error")).contains("voicemail"), voice.toString());
        // the call's own "completed" afterwards changes nothing and hands over no second time
        callStatus(a.first(), "completed", 4);
        Settled.await();
        assertEquals("FAILED", row(a.alertId(), "VOICE").get("status"));
        assertEquals(1, KlaxonTestEnvironment.twilio().messagesTo(a.phone()).size());
    }

    @Test
    void anAnsweredCallWithoutAKeyPressIsNotDelivered() {
        Paged a = paged("search down", "VOICE");
        callStatus(a.first(), "in-progress", 2);
        twilioPost(Pages.voicePath(a.first()), Map.of("CallSid", a.first().sid(), "AnsweredBy", "human"))
                .then().statusCode(200).body(containsString("<Gather"));
        assertTrue(smsStillWaits(a));
        callStatus(a.first(), "completed", 3);
        Pages.awaitSms(a.phone(), 1);
        assertEquals("FAILED", row(a.alertId(), "VOICE").get("status"));
    }

    @Test
    void aKeyPressIsDeliveryAndLateCallbacksNeverMoveItBack() {
        Paged a = paged("cache cluster split", "VOICE");
        callStatus(a.first(), "in-progress", 2);
        String twiml = twilioPost(Pages.voicePath(a.first()), Map.of("CallSid", a.first().sid(), "AnsweredBy", "human"))
                .then().statusCode(200).extract().asString();
        twilioPost(Pages.gatherPath(twiml), Map.of("CallSid", a.first().sid(), "Digits", "*"))
                .then().statusCode(200).body(containsString("<Redirect"));
        Map<String, Object> voice = row(a.alertId(), "VOICE");
        assertEquals("DELIVERED", voice.get("status"));
        assertNotNull(voice.get("deliveredAt"));

        callStatus(a.first(), "completed", 3);
        callStatus(a.first(), "ringing", 1); // arrives last, happened long before
        voice = row(a.alertId(), "VOICE");
        assertEquals("DELIVERED", voice.get("status"));
        assertEquals("completed", voice.get("providerStatus"));
        assertTrue(smsStillWaits(a), "a delivered call hands over nothing");
        assertTrue(timeline(a.alertId()).stream().anyMatch(m -> m.contains("'ringing' arrived out of order; ignored")));
    }

    @Test
    void smsDeliveryReceiptsMoveTheRowForwardOnly() {
        double delivered = Metrics.count("klaxon.pages.sent", "channel", "SMS", "outcome", "delivered");
        Paged a = paged("tls cert expires", "SMS");
        String cb = path(a.first().param("StatusCallback"));
        assertTrue(cb.startsWith("/twilio/status/sms?row="), cb);
        twilioPost(cb, Map.of("MessageSid", a.first().sid(), "MessageStatus", "sent")).then().statusCode(204);
        assertEquals("SENT", row(a.alertId(), "SMS").get("status"));
        twilioPost(cb, Map.of("MessageSid", a.first().sid(), "MessageStatus", "delivered")).then().statusCode(204);
        twilioPost(cb, Map.of("MessageSid", a.first().sid(), "MessageStatus", "sent")).then().statusCode(204);
        Map<String, Object> sms = row(a.alertId(), "SMS");
        assertEquals("DELIVERED", sms.get("status"));
        assertEquals("delivered", sms.get("providerStatus"));
        assertTrue(Instant.parse((String) sms.get("deliveredAt")) != null);
        Settled.await();
        assertEquals(0, KlaxonTestEnvironment.twilio().callsTo(a.phone()).size(), "a delivered SMS hands over nothing");

        // the metrics count this delivery once (the repeated "delivered" receipt not again) and time it end to end
        assertEquals(delivered + 1, Metrics.count("klaxon.pages.sent", "channel", "SMS", "outcome", "delivered"));
        String metrics = Management.metrics();
        assertTrue(metrics.contains("klaxon_pages_sent_total{channel=\"SMS\",outcome=\"delivered\"}"), metrics);
        assertTrue(metrics.contains("klaxon_delivery_confirmed_latency_seconds_bucket{channel=\"SMS\""));
        assertTrue(metrics.contains("klaxon_delivery_latency_seconds_bucket{channel=\"SMS\""));
    }

    @Test
    void undeliveredSmsHandsOverToACallAtOnce() {
        double undelivered = Metrics.count("klaxon.pages.sent", "channel", "SMS", "outcome", "undelivered");
        Paged a = paged("kafka lag", "SMS");
        twilioPost(path(a.first().param("StatusCallback")), Map.of("MessageSid", a.first().sid(),
                "MessageStatus", "undelivered", "ErrorCode", "30003")).then().statusCode(204);
        Pages.awaitCall(a.phone(), 1);
        assertEquals("FAILED", row(a.alertId(), "SMS").get("status"));
        assertEquals(undelivered + 1, Metrics.count("klaxon.pages.sent", "channel", "SMS", "outcome", "undelivered"));
    }

    @Test
    void statusCallbacksWithABadSignatureAreRefused() {
        Paged a = paged("forged status", "VOICE");
        given().contentType(ContentType.URLENC).header("X-Twilio-Signature", "Zm9yZ2Vk")
                .formParams(Map.of("CallSid", a.first().sid(), "CallStatus", "no-answer"))
                .post(path(a.first().param("StatusCallback"))).then().statusCode(403);
        // signed for another row than the one in the URL
        String other = path(a.first().param("StatusCallback")).replaceFirst("row=.*", "row=" + java.util.UUID.randomUUID());
        String sig = dev.klaxon.notify.twilio.TwilioSignature.sign(KlaxonTestEnvironment.twilio().authToken(),
                KlaxonTestEnvironment.PUBLIC_URL + other, Map.of("CallSid", a.first().sid(), "CallStatus", "no-answer"));
        given().contentType(ContentType.URLENC).header("X-Twilio-Signature", sig)
                .formParams(Map.of("CallSid", a.first().sid(), "CallStatus", "no-answer"))
                .post(path(a.first().param("StatusCallback"))).then().statusCode(403);
        assertTrue(smsStillWaits(a));
        assertEquals("SENT", row(a.alertId(), "VOICE").get("status"));
        Api.admin().get("/api/v1/alerts/" + a.alertId()).then().body("timeline.kind", not(org.hamcrest.Matchers.hasItem("not-delivered")));
    }
}
