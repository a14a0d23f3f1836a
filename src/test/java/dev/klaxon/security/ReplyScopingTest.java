package dev.klaxon.security;

import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
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
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** SMS replies act only from a confirmed number, and only on alerts that were paged to that phone. */
@QuarkusTest
class ReplyScopingTest {

    record Paged(String alertId, int number, String phone) {
    }

    static Paged pagedAlert(String who, String summary) {
        String u = user(who);
        String p = phone();
        contact(u, "SMS", p);
        var r = hook(integration(service(policy("PT5M", 0, u)), "GENERIC"),
                "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202).extract();
        Pages.awaitSms(p, 1);
        return new Paged(r.path("alertId"), r.path("number"), p);
    }

    @Test
    void aNumberNobodyConfirmedActsOnNothing() {
        Paged other = pagedAlert("Team Other", "checkout down");
        Responders r = Responders.create("Unconfirmed Uma");
        String p = phone();
        r.api().body(Map.of("type", "SMS", "address", p)).post("/api/v1/users/" + r.userId() + "/contact-methods")
                .then().statusCode(201);

        twilioPost("/twilio/sms", Map.of("From", p, "Body", other.number() + "c")).then().statusCode(200)
                .body(containsString("does not know this number"));
        assertEquals("triggered", alertStatus(other.alertId()));
    }

    @Test
    void aConfirmedPhoneActsOnlyOnAlertsPagedToIt() {
        Paged mine = pagedAlert("Paged Paul", "disk full");
        Paged theirs = pagedAlert("Other Olga", "queue stuck");

        twilioPost("/twilio/sms", Map.of("From", mine.phone(), "Body", theirs.number() + "a")).then().statusCode(200)
                .body(containsString("#" + theirs.number() + " was not sent to this phone."));
        assertEquals("triggered", alertStatus(theirs.alertId()));

        twilioPost("/twilio/sms", Map.of("From", mine.phone(), "Body", "999999999c")).then().statusCode(200)
                .body(containsString("#999999999 was not sent to this phone."));

        twilioPost("/twilio/sms", Map.of("From", mine.phone(), "Body", mine.number() + "a")).then().statusCode(200)
                .body(containsString("Acknowledged #" + mine.number()));
        assertEquals("acknowledged", alertStatus(mine.alertId()));
    }
}
