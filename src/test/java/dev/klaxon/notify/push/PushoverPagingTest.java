package dev.klaxon.notify.push;

import dev.klaxon.testing.FakePushover;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Timeline;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.alertStatus;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class PushoverPagingTest {

    record Paged(String alertId, int number, String userKey, FakePushover.Queued push) {
    }

    private Paged paged(String name, String summary) {
        String u = user(name);
        String userKey = FakePushover.userKey();
        contact(u, "PUSHOVER", userKey);
        String key = integration(service(policy("PT5M", 0, u)), "GENERIC");
        var r = hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202).extract();
        FakePushover.Queued push = KlaxonTestEnvironment.pushover().awaitMessages(userKey, 1).get(0);
        return new Paged(r.path("alertId"), r.path("number"), userKey, push);
    }

    private static String callbackPath(FakePushover.Queued push) {
        String url = push.param("callback");
        assertTrue(url.startsWith(KlaxonTestEnvironment.PUBLIC_URL + "/pushover/callback/"), url);
        return url.substring(KlaxonTestEnvironment.PUBLIC_URL.length());
    }

    @Test
    void alertIsPushedAtEmergencyPriorityWithRetryExpireAckPageAndSignedCallback() {
        Paged p = paged("Paula", "pushover payments 500s");
        FakePushover.Queued push = p.push();
        assertEquals(FakePushover.APP_TOKEN, push.param("token"));
        assertEquals("2", push.param("priority"));
        assertEquals("60", push.param("retry"));
        assertEquals("3600", push.param("expire"));
        assertTrue(push.param("title").contains("#" + p.number()), push.form().toString());
        assertEquals("pushover payments 500s", push.param("message"));
        assertTrue(push.param("url").startsWith(KlaxonTestEnvironment.PUBLIC_URL + "/ack/"), push.param("url"));
        callbackPath(push);
        Map<String, Object> row = Timeline.awaitNotification(p.alertId(), "PUSHOVER", "SENT");
        assertEquals(push.receipt(), row.get("providerId"), "the receipt is the provider id");
    }

    @Test
    void acknowledgingInPushoverAcknowledgesTheAlert() {
        Paged p = paged("Petra", "pushover ack in app");
        Timeline.awaitNotification(p.alertId(), "PUSHOVER", "SENT");
        given().contentType(ContentType.URLENC)
                .formParams(Map.of("receipt", p.push().receipt(), "acknowledged", "1", "acknowledged_at", "1795000000",
                        "acknowledged_by", p.userKey(), "acknowledged_by_device", "pixel"))
                .post(callbackPath(p.push())).then().statusCode(200).body(containsString("Acknowledged #" + p.number()));
        admin().get("/api/v1/alerts/" + p.alertId()).then().body("status", is("acknowledged"))
                .body("acknowledgedBy", is("Petra"));
        Timeline.await(p.alertId(), "acknowledged", "via Pushover");
    }

    @Test
    void callbackWithAForgedTokenOrAnotherReceiptChangesNothing() {
        Paged p = paged("Pia", "pushover forged callback");
        Paged other = paged("Pablo", "pushover other alert");
        Timeline.awaitNotification(p.alertId(), "PUSHOVER", "SENT");
        Timeline.awaitNotification(other.alertId(), "PUSHOVER", "SENT");
        String path = callbackPath(p.push());
        // another alert's receipt on this alert's callback URL
        given().contentType(ContentType.URLENC).formParams(Map.of("receipt", other.push().receipt(), "acknowledged", "1"))
                .post(path).then().statusCode(403);
        // a tampered token
        String forged = path.substring(0, path.length() - 2) + (path.endsWith("AA") ? "BB" : "AA");
        given().contentType(ContentType.URLENC).formParams(Map.of("receipt", p.push().receipt(), "acknowledged", "1"))
                .post(forged).then().statusCode(403);
        assertEquals("triggered", alertStatus(p.alertId()));
        assertEquals("triggered", alertStatus(other.alertId()));
    }

    @Test
    void acknowledgingElsewhereCancelsTheEmergencyReceipt() {
        Paged p = paged("Priya", "pushover cancel on ack");
        Timeline.awaitNotification(p.alertId(), "PUSHOVER", "SENT");
        admin().post("/api/v1/alerts/" + p.alertId() + "/acknowledge").then().statusCode(200);
        KlaxonTestEnvironment.pushover().awaitCanceled(p.push().receipt());
        Timeline.await(p.alertId(), "push-canceled", p.push().receipt());
    }

    @Test
    void testMessageIsLoudButDoesNotRepeatUntilAcknowledged() {
        String u = user("Penny Test");
        String userKey = FakePushover.userKey();
        String cm = contact(u, "PUSHOVER", userKey);
        admin().post("/api/v1/users/" + u + "/contact-methods/" + cm + "/test").then().statusCode(202);
        FakePushover.Queued push = KlaxonTestEnvironment.pushover().awaitMessages(userKey, 1).get(0);
        assertEquals("1", push.param("priority"));
        assertNull(push.param("callback"));
        assertNull(push.param("retry"));
        assertNull(push.receipt());
        assertEquals("Klaxon test message", push.param("title"));
    }
}
