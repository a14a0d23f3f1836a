package dev.klaxon.security;

import dev.klaxon.testing.Pages;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.phone;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each SMS number a responder adds costs a confirmation text: at most 3 numbers per user per hour (SMS pumping). */
@QuarkusTest
class ConfirmationCapTest {

    @Inject
    TestClock clock;

    @Test
    void aFourthNumberWithinAnHourIs429AndLeavesNothingBehind() {
        Responders r = Responders.create("Pumping Pat");
        for (int i = 0; i < 3; i++) {
            String p = phone();
            r.api().body(Map.of("type", "SMS", "address", p)).post("/api/v1/users/" + r.userId() + "/contact-methods")
                    .then().statusCode(201);
            Pages.awaitSms(p, 1);
        }
        String fourth = phone();
        r.api().body(Map.of("type", "SMS", "address", fourth)).post("/api/v1/users/" + r.userId() + "/contact-methods")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        List<String> numbers = r.api().get("/api/v1/users/" + r.userId() + "/contact-methods").then().extract().path("address");
        assertEquals(3, numbers.size(), numbers.toString());

        clock.advance(Duration.ofMinutes(61));
        r.api().body(Map.of("type", "SMS", "address", fourth)).post("/api/v1/users/" + r.userId() + "/contact-methods")
                .then().statusCode(201);
    }
}
