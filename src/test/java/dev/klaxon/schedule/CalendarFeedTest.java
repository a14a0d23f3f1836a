package dev.klaxon.schedule;

import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** iCalendar: a schedule's feed with the admin API's token, and a user's feed at a secret, revocable URL. */
@QuarkusTest
class CalendarFeedTest {

    @Inject
    TestClock clock;

    /** What a calendar event says, for comparing with the shifts endpoint. */
    record Seen(String summary, Instant start, Instant end) {
    }

    @Test
    void scheduleCalendarHasOneValidUtcEventPerShiftWithStableUids() throws Exception {
        String alice = user("Cal Alice");
        String bob = user("Cal Bob");
        String id = weekly("Cal Primary", alice, bob);

        Response r = admin().get("/api/v1/schedules/" + id + "/calendar.ics");
        r.then().statusCode(200).contentType(startsWith("text/calendar"));
        String ics = r.asString();
        Calendar cal = ICalendarRendererTest.parseAndValidate(ics);
        List<VEvent> events = cal.getComponents("VEVENT");

        // the same shifts the API reports for 30 days back and 90 ahead, whole: real starts and ends
        Instant now = clock.instant();
        List<Map<String, String>> shifts = admin().get("/api/v1/schedules/" + id + "/shifts?from="
                        + now.minus(Duration.ofDays(37)) + "&to=" + now.plus(Duration.ofDays(97)))
                .then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, String> names = Map.of(alice, "Cal Alice", bob, "Cal Bob");
        Set<Seen> expected = shifts.stream()
                .map(s -> new Seen(names.get(s.get("userId")) + " on call for Cal Primary",
                        Instant.parse(s.get("start")), Instant.parse(s.get("end"))))
                .filter(s -> s.end().isAfter(now.minus(Duration.ofDays(30))) && s.start().isBefore(now.plus(Duration.ofDays(90))))
                .collect(Collectors.toSet());
        assertTrue(expected.size() >= 17, "about 18 weekly shifts: " + expected.size());
        assertEquals(expected, events.stream().map(CalendarFeedTest::seen).collect(Collectors.toSet()));

        for (VEvent e : events) {
            assertTrue(e.getDateTimeStamp() != null, "DTSTAMP");
        }
        List<String> eventTimes = java.util.Arrays.stream(ics.split("BEGIN:VEVENT\r\n")).skip(1)
                .flatMap(String::lines).filter(l -> l.startsWith("DTSTART") || l.startsWith("DTEND")).toList();
        assertEquals(2 * events.size(), eventTimes.size());
        assertTrue(eventTimes.stream().allMatch(l -> l.matches("DT(START|END):\\d{8}T\\d{6}Z")), "times in UTC: " + eventTimes);
        assertEquals(events.size(), uids(events).size(), "one UID per event");
        assertEquals(uids(events), uids(ICalendarRendererTest.parseAndValidate(
                admin().get("/api/v1/schedules/" + id + "/calendar.ics").asString()).getComponents("VEVENT")),
                "UIDs stay the same from one fetch to the next");

        for (String zone : ZoneId.getAvailableZoneIds()) {
            assertNotNull(ZoneId.of(zone).getRules(), "serving calendars must not add zones without rules: " + zone);
        }

        admin().get("/api/v1/schedules/00000000-0000-0000-0000-000000000000/calendar.ics").then().statusCode(404);
        given().get("/api/v1/schedules/" + id + "/calendar.ics").then().statusCode(401);
    }

    @Test
    void userFeedListsThatUsersShiftsAcrossSchedulesAtASecretRevocableUrl() throws Exception {
        String carol = user("Feed Carol");
        String dave = user("Feed Dave");
        weekly("Feed Weekly", carol, dave);
        daily("Feed Daily", dave, carol);

        Response created = admin().post("/api/v1/users/" + carol + "/calendar-feed");
        created.then().statusCode(201)
                .body("url", startsWith(KlaxonTestEnvironment.PUBLIC_URL + "/calendar/kcal_")).body("url", endsWith(".ics"));
        String path = path(created.path("url"));

        Response feed = given().get(path);
        feed.then().statusCode(200).contentType(startsWith("text/calendar"));
        List<VEvent> events = ICalendarRendererTest.parseAndValidate(feed.asString()).getComponents("VEVENT");
        Set<String> summaries = events.stream().map(e -> e.getSummary().getValue()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("Feed Carol on call for Feed Weekly", "Feed Carol on call for Feed Daily"), summaries,
                "Carol's shifts of both schedules, nobody else's");
        // Carol has every other week of one and every other day of the other, over 120 days
        long weekly = events.stream().filter(e -> e.getSummary().getValue().endsWith("Weekly")).count();
        long daily = events.stream().filter(e -> e.getSummary().getValue().endsWith("Daily")).count();
        assertTrue(weekly >= 8 && weekly <= 10, "weekly shifts: " + weekly);
        assertTrue(daily >= 59 && daily <= 61, "daily shifts: " + daily);

        // a new URL revokes the old one
        String rotated = path(admin().post("/api/v1/users/" + carol + "/calendar-feed").then().statusCode(201)
                .extract().path("url"));
        assertNotEquals(path, rotated);
        given().get(path).then().statusCode(404);
        given().get(rotated).then().statusCode(200);

        admin().delete("/api/v1/users/" + carol + "/calendar-feed").then().statusCode(204);
        given().get(rotated).then().statusCode(404);
        admin().delete("/api/v1/users/" + carol + "/calendar-feed").then().statusCode(404);
        given().get("/calendar/kcal_guessed.ics").then().statusCode(404);
        given().get("/calendar/anything.ics").then().statusCode(404);
    }

    @Test
    void respondersManageOnlyTheirOwnFeed() {
        String erin = user("Feed Erin");
        String frank = user("Feed Frank");
        String token = admin().body(Map.of("name", "erin", "role", "RESPONDER", "userId", erin))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).post("/api/v1/users/" + frank + "/calendar-feed").then().statusCode(403);
        String url = given().auth().oauth2(token).post("/api/v1/users/" + erin + "/calendar-feed").then().statusCode(201)
                .extract().path("url");
        // a user on no schedule still gets a valid, empty calendar
        List<VEvent> none = parse(given().get(path(url)).then().statusCode(200).extract().asString());
        assertTrue(none.isEmpty());
        given().post("/api/v1/users/" + erin + "/calendar-feed").then().statusCode(401);
    }

    @Test
    void feedOfADeletedUserStopsWorking() {
        String gina = user("Feed Gina");
        String url = admin().post("/api/v1/users/" + gina + "/calendar-feed").then().statusCode(201).extract().path("url");
        given().get(path(url)).then().statusCode(200);
        admin().delete("/api/v1/users/" + gina).then().statusCode(204);
        given().get(path(url)).then().statusCode(404);
    }

    private static List<VEvent> parse(String ics) {
        try {
            return ICalendarRendererTest.parseAndValidate(ics).getComponents("VEVENT");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Seen seen(VEvent e) {
        return new Seen(e.getSummary().getValue(), Instant.from(e.getDateTimeStart().getDate()),
                Instant.from(e.getDateTimeEnd().getDate()));
    }

    private static Set<String> uids(List<VEvent> events) {
        return events.stream().map(e -> e.getUid().get().getValue()).collect(Collectors.toSet());
    }

    private static String path(String url) {
        assertFalse(url.contains("?"));
        return url.substring(KlaxonTestEnvironment.PUBLIC_URL.length());
    }

    /** Weekly shifts at 09:00 Berlin, alternating, started two months ago. */
    private String weekly(String name, String first, String second) {
        return rotation(name, "P1W", "09:00", first, second);
    }

    private String daily(String name, String first, String second) {
        return rotation(name, "P1D", "08:00", first, second);
    }

    private String rotation(String name, String length, String time, String first, String second) {
        LocalDate start = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).minusDays(60);
        return admin().body("""
                        { "name": "%s", "timeZone": "Europe/Berlin",
                          "layers": [ { "rotationStart": "%sT%s", "shiftLength": "%s", "participants": ["%s", "%s"] } ] }
                        """.formatted(name, start, time, length, first, second))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
    }
}
