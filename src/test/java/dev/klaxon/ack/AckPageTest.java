package dev.klaxon.ack;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static dev.klaxon.testing.Api.alertStatus;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ack page shows what a woken engineer needs before tapping, and says what happens after. */
@QuarkusTest
class AckPageTest {

    record Paged(String alertId, String token, String userName) {
    }

    private static Paged paged(String summary) {
        String name = "Ack Page " + summary;
        String user = Api.user(name);
        String phone = Api.phone();
        Api.contact(user, "SMS", phone);
        String key = Api.integration(Api.service(Api.policy("PT30M", 0, user)), "GENERIC");
        String alertId = Api.hook(key, """
                {"action":"trigger","summary":"%s","severity":"critical","source":"prometheus-eu-1",
                 "details":{"instance":"db-7:9100","value":"97%%"},
                 "links":[{"href":"https://grafana.example.com/d/disk","text":"Dashboard"}]}""".formatted(summary))
                .then().statusCode(202).extract().path("alertId");
        String token = Pages.ackToken(Pages.awaitSms(phone, 1).get(0));
        return new Paged(alertId, token, name);
    }

    @Test
    void theAckPageShowsServiceStartSourceLinksDetailsAndWhoWasPaged() {
        Paged p = paged("disk almost full");
        given().get("/ack/" + p.token()).then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store")
                .body(containsString("disk almost full"))
                .body(containsString("<dt>Service</dt><dd>service-"))
                .body(containsString("<dt>Started</dt>"))
                .body(containsString(" CET (just now)"))
                .body(containsString("<dd>prometheus-eu-1</dd>"))
                .body(containsString("<a href=\"https://grafana.example.com/d/disk\""))
                .body(containsString(p.userName() + ": SMS"))
                .body(containsString("db-7:9100"))
                .body(containsString("the next escalation step is paged at"));
        assertEquals("triggered", alertStatus(p.alertId()), "GET changes nothing");
    }

    @Test
    void afterAcknowledgingThePageSaysWhatHappensNext() {
        Paged p = paged("queue stuck");
        given().contentType(ContentType.URLENC).formParam("action", "acknowledge").post("/ack/" + p.token())
                .then().statusCode(200)
                .body(containsString("Acknowledged #"))
                .body(containsString("Escalation stopped. It stays acknowledged until someone resolves it."))
                .body(not(containsString("value=\"acknowledge\"")));
        assertEquals("acknowledged", alertStatus(p.alertId()));
    }
}
