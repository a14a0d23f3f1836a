package dev.klaxon.report;

import dev.klaxon.testing.Eventually;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ServiceReportTest {

    @Inject
    TestClock clock;

    private static String trigger(String key, String summary) {
        return hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}").then().statusCode(202)
                .extract().path("alertId");
    }

    private static void act(String alertId, String action) {
        admin().post("/api/v1/alerts/" + alertId + "/" + action).then().statusCode(200);
    }

    @Test
    void countsTimesToAcknowledgeAndResolveAndPagesPerChannel() {
        String oncall = user("Reporter");
        String phone = phone();
        contact(oncall, "SMS", phone);
        contact(oncall, "VOICE", phone);
        String serviceId = service(policy("PT2H", 0, oncall));
        String key = integration(serviceId, "GENERIC");

        Instant opened = clock.instant();
        String a1 = trigger(key, "report one");
        String a2 = trigger(key, "report two");
        String a3 = trigger(key, "report three");
        Pages.awaitSms(phone, 3);
        Pages.awaitCall(phone, 3);

        Settled.await();
        clock.advance(Duration.ofMinutes(1));
        act(a1, "acknowledge");
        Settled.await();
        clock.advance(Duration.ofMinutes(1));
        act(a3, "acknowledge");
        Settled.await();
        clock.advance(Duration.ofMinutes(1));
        act(a2, "acknowledge");
        Settled.await();
        clock.advance(Duration.ofMinutes(7));
        act(a1, "resolve"); // 10 minutes after opening
        Settled.await();
        clock.advance(Duration.ofMinutes(20));
        act(a2, "resolve"); // 30 minutes
        // the fourth comes once the first three calls are out of the voice rate limit's 15-minute window
        trigger(key, "report four"); // never acknowledged, still open
        Pages.awaitSms(phone, 4);
        Pages.awaitCall(phone, 4);
        String url = "/api/v1/reports/services/" + serviceId + "?from=" + opened.minusSeconds(60) + "&to="
                + opened.plus(Duration.ofHours(1));

        // the dispatcher records "sent" just after the fake Twilio answered
        Eventually.await(() -> admin().get(url).then().statusCode(200).extract().<Map<String, Integer>>path("pagesByChannel"),
                Map.of("SMS", 4, "VOICE", 4)::equals, "pages of 4 alerts by SMS and voice");
        admin().get(url).then().statusCode(200)
                .body("serviceId", is(serviceId))
                .body("from", is(opened.minusSeconds(60).toString()))
                .body("alerts", is(4))
                .body("acknowledged", is(3))
                .body("resolved", is(2))
                .body("mtta.median", is("PT2M"))
                .body("mtta.p90", is("PT3M"))
                .body("mttr.median", is("PT10M"))
                .body("mttr.p90", is("PT30M"));
    }

    @Test
    void aPeriodWithoutAlertsHasNoFigures() {
        String serviceId = service(policy("PT5M", 0, user("Quiet")));
        Instant now = clock.instant();
        admin().get("/api/v1/reports/services/" + serviceId + "?from=" + now.minus(Duration.ofDays(7)) + "&to=" + now)
                .then().statusCode(200)
                .body("alerts", is(0))
                .body("mtta.median", nullValue())
                .body("mttr.p90", nullValue())
                .body("pagesByChannel.size()", is(0));
    }

    @Test
    void badPeriodsAreRefused() {
        String serviceId = service(policy("PT5M", 0, user("Picky")));
        Instant now = clock.instant();
        admin().get("/api/v1/reports/services/" + serviceId + "?from=" + now + "&to=" + now.minusSeconds(1))
                .then().statusCode(400);
        admin().get("/api/v1/reports/services/" + serviceId + "?from=yesterday").then().statusCode(400);
        admin().get("/api/v1/reports/services/" + serviceId + "?from=" + now.minus(Duration.ofDays(500)) + "&to=" + now)
                .then().statusCode(400);
        admin().get("/api/v1/reports/services/00000000-0000-0000-0000-000000000000").then().statusCode(404);
    }
}
