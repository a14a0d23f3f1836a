package dev.klaxon.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klaxon.testing.Api;
import dev.klaxon.testing.FakePushover;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Handoff reminders and coverage-gap notices are quiet: they reach ntfy and Pushover at the channels' normal
 * priorities (ntfy 3 or less, Pushover 0 or less), never a page's, which must wake someone.
 */
@QuarkusTest
class NoticePriorityTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Inject
    TestClock clock;

    @Inject
    HandoffReminders reminders;

    @Test
    void handoffRemindersAreNotLoudButPagesAre() {
        LocalDate monday = LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(2).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        String topic = "notice-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String pushoverKey = FakePushover.userKey();
        String b = user("Incoming Notice");
        contact(b, "NTFY", topic);
        contact(b, "PUSHOVER", pushoverKey);
        String layers = """
                [ { "name": "Weekly", "rotationStart": "%sT09:00", "shiftLength": "P1W", "participants": ["%s", "%s"] } ]
                """.formatted(monday.minusDays(7), user("Outgoing Notice"), b);
        admin().body("{\"name\":\"Notice " + topic + "\",\"timeZone\":\"Europe/Berlin\",\"handoffReminder\":\"PT1H\","
                + "\"layers\":" + layers + "}").post("/api/v1/schedules").then().statusCode(201);

        clock.set(monday.atTime(8, 15).atZone(BERLIN).toInstant());
        reminders.runOnce();
        JsonNode ntfy = KlaxonTestEnvironment.ntfy().awaitMessages(topic, 1).get(0);
        assertTrue(ntfy.path("priority").asInt(3) <= 3, "a reminder is no page: " + ntfy);
        FakePushover.Queued push = KlaxonTestEnvironment.pushover().awaitMessages(pushoverKey, 1).get(0);
        assertTrue(Integer.parseInt(push.param("priority") == null ? "0" : push.param("priority")) <= 0,
                "a reminder is no page: " + push.form());

        // the same contact methods paged for an alert: loud
        String key = Api.integration(Api.service(Api.policy("PT5M", 0, b)), "GENERIC");
        Api.hook(key, "{\"action\":\"trigger\",\"summary\":\"disk full\"}").then().statusCode(202);
        List<JsonNode> pages = KlaxonTestEnvironment.ntfy().awaitMessages(topic, 2);
        assertEquals(5, pages.get(1).path("priority").asInt(), pages.get(1).toString());
        assertEquals("2", KlaxonTestEnvironment.pushover().awaitMessages(pushoverKey, 2).get(1).param("priority"));
    }
}
