package dev.klaxon.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.engine.EscalationSweep;
import dev.klaxon.testing.Api;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schedules admin API as API.md defines it, through HTTP. */
@QuarkusTest
class ScheduleApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TestClock clock;

    @Inject
    EscalationSweep sweep;

    /** The example of API.md's "Schedules" section, verbatim but for the user ids. */
    static final String API_MD_EXAMPLE = """
            { "name": "Primary", "timeZone": "Europe/Berlin",
              "layers": [ { "name": "Weekly", "rotationStart": "2026-01-05T09:00", "shiftLength": "P1W",
                            "participants": ["<userId>", "<userId>"],
                            "restrictions": [ { "days": ["MON","TUE","WED","THU","FRI"], "start": "09:00", "end": "17:00" } ] } ] }
            """;

    /** More shapes the API accepts: follow-the-sun across midnight, elapsed lengths, no restrictions, two weeks. */
    static final List<String> MORE_EXAMPLES = List.of("""
            { "name": "Follow the sun", "timeZone": "UTC",
              "layers": [
                { "name": "APAC", "rotationStart": "2026-01-05T00:00", "shiftLength": "P1W", "participants": ["<a>"],
                  "restrictions": [ { "start": "22:00", "end": "06:00" } ] },
                { "name": "EMEA", "rotationStart": "2026-01-05T00:00", "shiftLength": "P1D", "participants": ["<b>", "<a>"],
                  "restrictions": [ { "days": ["MON","TUE","WED","THU","FRI","SAT","SUN"], "start": "06:00", "end": "14:00" } ] },
                { "name": "AMER", "rotationStart": "2026-01-05T00:00", "shiftLength": "P2W", "participants": ["<b>"],
                  "restrictions": [ { "start": "14:00", "end": "22:00" } ] } ] }
            """, """
            { "name": "Twelve hours", "timeZone": "America/New_York", "handoffReminder": "PT30M",
              "layers": [ { "rotationStart": "2026-03-07T20:00", "shiftLength": "PT12H", "participants": ["<a>", "<b>"] } ] }
            """, """
            { "name": "Kathmandu", "timeZone": "Asia/Kathmandu", "gapAlerts": false,
              "layers": [ { "name": "Days", "rotationStart": "2026-01-01T08:45", "shiftLength": "P1D",
                            "participants": ["<a>", "<b>", "<a>"], "restrictions": [] } ] }
            """);

    @Test
    void apiMdExampleRoundTrips() throws Exception {
        String a = user("Round Trip A");
        String b = user("Round Trip B");
        String body = API_MD_EXAMPLE.replaceFirst("<userId>", a).replaceFirst("<userId>", b);
        assertRoundTrips(body);
    }

    @Test
    void otherExamplesRoundTripAndPutReplacesTheWholeSchedule() throws Exception {
        String a = user("Shape A");
        String b = user("Shape B");
        String first = null;
        for (String example : MORE_EXAMPLES) {
            String id = assertRoundTrips(example.replace("<a>", a).replace("<b>", b));
            first = first == null ? id : first;
        }
        // PUT replaces everything: a second example's body over the first schedule reads back as that body
        String replacement = MORE_EXAMPLES.get(1).replace("<a>", a).replace("<b>", b);
        admin().body(replacement).put("/api/v1/schedules/" + first).then().statusCode(200)
                .body("name", is("Twelve hours")).body("handoffReminder", is("PT30M"));
        Response got = admin().get("/api/v1/schedules/" + first);
        assertEquals(layers(replacement), got.jsonPath().getList("layers"));
        assertEquals("America/New_York", got.path("timeZone"));
        // and a PUT without the reminder turns it off
        admin().body(MORE_EXAMPLES.get(0).replace("<a>", a).replace("<b>", b)).put("/api/v1/schedules/" + first)
                .then().statusCode(200).body("handoffReminder", nullValue()).body("gapAlerts", is(true));
    }

    private static String assertRoundTrips(String body) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> posted = JSON.readValue(body, Map.class);
        Response created = admin().body(body).post("/api/v1/schedules");
        created.then().statusCode(201).header("Location", containsString("/api/v1/schedules/"));
        String id = created.path("id");
        Response got = admin().get("/api/v1/schedules/" + id);
        got.then().statusCode(200).body("id", is(id)).body("name", is(posted.get("name")))
                .body("timeZone", is(posted.get("timeZone")))
                .body("handoffReminder", is(posted.get("handoffReminder")))
                .body("gapAlerts", is(posted.getOrDefault("gapAlerts", true)));
        assertEquals(posted.get("layers"), got.jsonPath().getList("layers"), "layers read back as posted");
        assertEquals(posted.get("layers"), created.jsonPath().getList("layers"));
        admin().get("/api/v1/schedules").then().statusCode(200).body("id", hasItems(id));
        return id;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> layers(String body) throws Exception {
        return (List<Object>) JSON.readValue(body, Map.class).get("layers");
    }

    @Test
    void putWithOneInvalidLayerChangesNothing() throws Exception {
        String a = user("Atomic A");
        String original = API_MD_EXAMPLE.replace("<userId>", a);
        String id = admin().body(original).post("/api/v1/schedules").then().statusCode(201).extract().path("id");

        String bad = """
                { "name": "Renamed", "timeZone": "UTC",
                  "layers": [ { "rotationStart": "2026-02-01T00:00", "shiftLength": "P1D", "participants": ["%s"] },
                              { "rotationStart": "2026-02-01T00:00", "shiftLength": "P1DT2H", "participants": ["%s"] } ] }
                """.formatted(a, a);
        admin().body(bad).put("/api/v1/schedules/" + id).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", is(List.of("layers[1].shiftLength")))
                .body("violations[0].message", containsString("mixes date and time units"));

        Response got = admin().get("/api/v1/schedules/" + id);
        got.then().body("name", is("Primary")).body("timeZone", is("Europe/Berlin"));
        assertEquals(layers(original), got.jsonPath().getList("layers"));
    }

    @Test
    void invalidSchedulesAreOne400WithEveryViolation() {
        String a = user("Valid A");
        String unknown = "00000000-0000-0000-0000-00000000beef";
        String body = """
                { "name": "", "timeZone": "Mars/Olympus", "handoffReminder": "soon",
                  "layers": [
                    { "rotationStart": "2026-01-05T09:00", "shiftLength": "P1W", "participants": [] },
                    { "rotationStart": "2026-01-05T09:00", "shiftLength": "-P1D", "participants": ["%1$s"] },
                    { "rotationStart": "2026-01-05T09:00", "shiftLength": "PT0S", "participants": ["%1$s"] },
                    { "rotationStart": "2026-01-05T09:00", "shiftLength": "P1DT12H", "participants": ["%1$s"] },
                    { "rotationStart": "2026-01-05T09:00", "shiftLength": "PT5M", "participants": ["%1$s"] },
                    { "rotationStart": "next monday", "shiftLength": "P1W", "participants": ["%1$s", "%2$s", "not-an-id"],
                      "restrictions": [ { "days": ["MON", "FUNDAY"], "start": "25:00", "end": "5pm" } ] }
                  ] }
                """.formatted(a, unknown);
        admin().body(body).post("/api/v1/schedules").then().statusCode(400)
                .contentType("application/problem+json").body("status", is(400))
                .body("violations.field", hasItems("name", "timeZone", "handoffReminder",
                        "layers[0].participants", "layers[1].shiftLength", "layers[2].shiftLength",
                        "layers[3].shiftLength", "layers[4].shiftLength", "layers[5].rotationStart",
                        "layers[5].participants[1]", "layers[5].participants[2]", "layers[5].restrictions[0].days",
                        "layers[5].restrictions[0].start", "layers[5].restrictions[0].end"))
                .body("violations.find { it.field == 'timeZone' }.message", containsString("IANA"))
                .body("violations.find { it.field == 'layers[1].shiftLength' }.message", containsString("positive"))
                .body("violations.find { it.field == 'layers[2].shiftLength' }.message", containsString("positive"))
                .body("violations.find { it.field == 'layers[4].shiftLength' }.message", containsString("at least PT1H"))
                .body("violations.find { it.field == 'layers[5].participants[1]' }.message", containsString(unknown))
                .body("violations.find { it.field == 'layers[5].restrictions[0].start' }.message",
                        containsString("local time"));
        dev.klaxon.testing.Api.adminInvalid().body("{\"name\":\"No layers\",\"timeZone\":\"UTC\"}").post("/api/v1/schedules").then().statusCode(400)
                .body("violations.field", is(List.of("layers")));
        admin().body("{\"name\":\"Long\",\"timeZone\":\"UTC\",\"layers\":[{\"rotationStart\":\"2026-01-01T00:00\","
                        + "\"shiftLength\":\"P2Y\",\"participants\":[\"" + a + "\"]}]}")
                .post("/api/v1/schedules").then().statusCode(400).body("violations.field", is(List.of("layers[0].shiftLength")));
        admin().body("{\"name\":\"Ancient\",\"timeZone\":\"UTC\",\"layers\":[{\"rotationStart\":\"-999999999-01-01T00:00\","
                        + "\"shiftLength\":\"P1D\",\"participants\":[\"" + a + "\"]}]}")
                .post("/api/v1/schedules").then().statusCode(400).body("violations.field", is(List.of("layers[0].rotationStart")));
    }

    @Test
    void shortestAndLongestShiftLengthsAreAccepted() {
        String a = user("Lengths");
        for (String length : List.of("PT1H", "P1Y", "P12M", "P52W", "PT8784H")) {
            admin().body("{\"name\":\"L\",\"timeZone\":\"UTC\",\"layers\":[{\"rotationStart\":\"2026-01-01T00:00\","
                    + "\"shiftLength\":\"" + length + "\",\"participants\":[\"" + a + "\"]}]}")
                    .post("/api/v1/schedules").then().statusCode(201);
        }
    }

    @Test
    void overridesAreValidated() {
        String a = user("Override Check");
        String id = schedule("Overridden", a);
        admin().body(Map.of("userId", a, "start", "2026-01-07T12:00:00Z", "end", "2026-01-07T12:00:00Z"))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(400)
                .body("violations.field", is(List.of("end")));
        admin().body(Map.of("userId", "00000000-0000-0000-0000-00000000beef", "start", "2026-01-07T12:00:00Z",
                        "end", "2026-01-07T13:00:00Z"))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(400)
                .body("violations.field", is(List.of("userId")));
        admin().body(Map.of("userId", a, "start", "tomorrow", "end", "2026-01-07T13:00:00Z"))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(400)
                .body("violations.field", is(List.of("start")));
        admin().body(Map.of("userId", a, "start", "2026-01-07T12:00:00Z", "end", "2026-01-07T13:00:00Z"))
                .post("/api/v1/schedules/00000000-0000-0000-0000-000000000000/overrides").then().statusCode(404);
    }

    @Test
    void onCallShiftsAndGapsApplyLayersRestrictionsAndOverrides() {
        String a = user("Weekly A");
        String b = user("Weekly B");
        String c = user("Business C");
        String d = user("Override D");
        // Berlin is UTC+1 in January. Weekly A/B from Mon 5 Jan 09:00; C on weekdays 09:00–17:00 wins over them.
        String body = """
                { "name": "Layered", "timeZone": "Europe/Berlin",
                  "layers": [
                    { "name": "Weekly", "rotationStart": "2026-01-05T09:00", "shiftLength": "P1W", "participants": ["%s", "%s"] },
                    { "name": "Business hours", "rotationStart": "2026-01-05T00:00", "shiftLength": "P1W", "participants": ["%s"],
                      "restrictions": [ { "days": ["MON","TUE","WED","THU","FRI"], "start": "09:00", "end": "17:00" } ] } ] }
                """.formatted(a, b, c);
        String id = admin().body(body).post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        String overrideId = admin().body(Map.of("userId", d, "start", "2026-01-07T12:00:00Z", "end", "2026-01-07T14:00:00Z"))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(201)
                .header("Location", containsString("/overrides/")).body("userId", is(d))
                .body("start", is("2026-01-07T12:00:00Z")).extract().path("id");
        admin().get("/api/v1/schedules/" + id + "/overrides").then().statusCode(200).body("id", is(List.of(overrideId)));

        onCall(id, "2026-01-01T00:00:00Z").then().body("users", empty());
        onCall(id, "2026-01-06T07:00:00Z").then().body("at", is("2026-01-06T07:00:00Z"))
                .body("users.id", is(List.of(a))).body("users[0].name", is("Weekly A"));
        onCall(id, "2026-01-06T09:00:00Z").then().body("users.id", is(List.of(c)));
        onCall(id, "2026-01-07T13:00:00Z").then().body("users.id", is(List.of(d)));
        onCall(id, "2026-01-12T07:59:59Z").then().body("users.id", is(List.of(a)));
        onCall(id, "2026-01-12T08:30:00Z").then().body("users.id", is(List.of(c)));
        onCall(id, "2026-01-12T17:00:00Z").then().body("users.id", is(List.of(b)));
        onCall(id, "2026-01-10T12:00:00Z").then().body("users.id", is(List.of(a)));

        List<Map<String, Object>> shifts = admin()
                .get("/api/v1/schedules/" + id + "/shifts?from=2026-01-05T00:00:00Z&to=2026-01-08T00:00:00Z")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(List.of(
                shift(c, "2026-01-05T08:00:00Z", "2026-01-05T16:00:00Z"),
                shift(a, "2026-01-05T16:00:00Z", "2026-01-06T08:00:00Z"),
                shift(c, "2026-01-06T08:00:00Z", "2026-01-06T16:00:00Z"),
                shift(a, "2026-01-06T16:00:00Z", "2026-01-07T08:00:00Z"),
                shift(c, "2026-01-07T08:00:00Z", "2026-01-07T12:00:00Z"),
                shift(d, "2026-01-07T12:00:00Z", "2026-01-07T14:00:00Z"),
                shift(c, "2026-01-07T14:00:00Z", "2026-01-07T16:00:00Z"),
                shift(a, "2026-01-07T16:00:00Z", "2026-01-08T00:00:00Z")), shifts);
        admin().get("/api/v1/schedules/" + id + "/gaps?from=2026-01-05T00:00:00Z&to=2026-01-08T00:00:00Z")
                .then().statusCode(200).body("", hasSize(1))
                .body("[0].start", is("2026-01-05T00:00:00Z")).body("[0].end", is("2026-01-05T08:00:00Z"));

        // without the override, C covers the whole afternoon again
        admin().delete("/api/v1/schedules/" + id + "/overrides/" + overrideId).then().statusCode(204);
        onCall(id, "2026-01-07T13:00:00Z").then().body("users.id", is(List.of(c)));
        admin().delete("/api/v1/schedules/" + id + "/overrides/" + overrideId).then().statusCode(404);
    }

    @Test
    void overlappingOverridesAreAllOnCall() {
        String a = user("Base");
        String x = user("Overlap X");
        String y = user("Overlap Y");
        String id = schedule("Overlaps", a);
        admin().body(Map.of("userId", x, "start", "2026-02-01T10:00:00Z", "end", "2026-02-01T12:00:00Z"))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(201);
        admin().body(Map.of("userId", y, "start", "2026-02-01T11:00:00Z", "end", "2026-02-01T13:00:00Z"))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(201);
        onCall(id, "2026-02-01T11:30:00Z").then().body("users.id", is(List.of(x, y)));
        admin().get("/api/v1/schedules/" + id + "/shifts?from=2026-02-01T09:00:00Z&to=2026-02-01T14:00:00Z")
                .then().body("userId", is(List.of(a, x, y, a)))
                .body("start", is(List.of("2026-02-01T09:00:00Z", "2026-02-01T10:00:00Z", "2026-02-01T11:00:00Z",
                        "2026-02-01T13:00:00Z")));
    }

    @Test
    void questionWindowsAreChecked() {
        String id = schedule("Windows", user("Window User"));
        admin().get("/api/v1/schedules/" + id + "/shifts?from=2026-01-08T00:00:00Z&to=2026-01-05T00:00:00Z")
                .then().statusCode(400).body("violations.field", is(List.of("to")));
        admin().get("/api/v1/schedules/" + id + "/gaps?from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z")
                .then().statusCode(400).body("violations[0].message", containsString("400 days"));
        dev.klaxon.testing.Api.adminInvalid().get("/api/v1/schedules/" + id + "/shifts?from=yesterday").then().statusCode(400)
                .body("violations.field", hasItems("from", "to"));
        dev.klaxon.testing.Api.adminInvalid().get("/api/v1/schedules/" + id + "/on-call?at=noon").then().statusCode(400)
                .body("violations.field", is(List.of("at")));
        admin().get("/api/v1/schedules/" + id + "/on-call").then().statusCode(200).body("at", notNullValue());
        admin().get("/api/v1/schedules/00000000-0000-0000-0000-000000000000/on-call").then().statusCode(404);
        admin().get("/api/v1/schedules/not-an-id/shifts?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z")
                .then().statusCode(404);
    }

    @Test
    void deletingAUserOnAScheduleIsAConflictNamingTheSchedules() {
        String inLayer = user("In Layer");
        String inOverride = user("In Override");
        String name = "Conflict " + ThreadLocalRandom.current().nextInt(1_000_000);
        String id = schedule(name, inLayer);
        String overrideId = admin().body(Map.of("userId", inOverride, "start", "2026-01-07T12:00:00Z", "end", "2026-01-07T14:00:00Z"))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(201).extract().path("id");

        admin().delete("/api/v1/users/" + inLayer).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(name));
        admin().delete("/api/v1/users/" + inOverride).then().statusCode(409)
                .body("detail", containsString(name + " (override)"));
        admin().get("/api/v1/users/" + inLayer).then().statusCode(200);

        admin().delete("/api/v1/schedules/" + id + "/overrides/" + overrideId).then().statusCode(204);
        admin().delete("/api/v1/users/" + inOverride).then().statusCode(204);
        admin().delete("/api/v1/schedules/" + id).then().statusCode(204);
        admin().delete("/api/v1/users/" + inLayer).then().statusCode(204);
        admin().get("/api/v1/schedules/" + id).then().statusCode(404);
    }

    @Test
    void deletingAScheduleAPolicyPagesIsAConflictNamingThePolicy() {
        String id = schedule("Paged", user("Paged User"));
        String policy = "Policy " + ThreadLocalRandom.current().nextInt(1_000_000);
        String policyId = admin().body(Map.of("name", policy, "repeat", 0, "steps",
                        List.of(Map.of("delay", "PT5M", "targets", List.of(Map.of("type", "SCHEDULE", "id", id))))))
                .post("/api/v1/escalation-policies").then().statusCode(201).extract().path("id");
        admin().delete("/api/v1/schedules/" + id).then().statusCode(409).body("detail", containsString(policy));
        admin().delete("/api/v1/escalation-policies/" + policyId).then().statusCode(204);
        admin().delete("/api/v1/schedules/" + id).then().statusCode(204);
    }

    @Test
    void scheduleTargetPagesWhoeverIsOnCallWhenTheStepFires() {
        String first = user("First Step");
        String regular = user("Regular");
        String cover = user("Cover");
        String firstPhone = Api.phone();
        String regularPhone = Api.phone();
        String coverPhone = Api.phone();
        Api.contact(first, "SMS", firstPhone);
        Api.contact(regular, "SMS", regularPhone);
        Api.contact(cover, "SMS", coverPhone);
        String id = schedule("Paged through", regular);
        // the regular is on call when the alert triggers; the cover takes over before step 2 fires
        Instant now = clock.instant();
        admin().body(Map.of("userId", cover, "start", now.plusSeconds(240).toString(),
                        "end", now.plusSeconds(7_200).toString()))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(201);
        String policy = admin().body(Map.of("name", "through schedule", "repeat", 0, "steps", List.of(
                        Map.of("delay", "PT5M", "targets", List.of(Map.of("type", "USER", "id", first))),
                        Map.of("delay", "PT5M", "targets", List.of(Map.of("type", "SCHEDULE", "id", id))))))
                .post("/api/v1/escalation-policies").then().statusCode(201).extract().path("id");
        String key = Api.integration(Api.service(policy), "GENERIC");
        Api.hook(key, "{\"action\":\"trigger\",\"summary\":\"disk full on db-7\"}").then().statusCode(202);
        Pages.awaitSms(firstPhone, 1);

        Settled.await();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        sweep.runOnce();
        assertTrue(Pages.awaitSms(coverPhone, 1).get(0).param("Body").contains("disk full on db-7"));
        Settled.await();
        assertEquals(0, Pages.sentTo(regularPhone), "on call at the trigger, but not when the step fired");
    }

    @Test
    void respondersReadSchedulesButCannotChangeThem() {
        String u = user("Responder Reader");
        String id = schedule("Readable", u);
        String token = admin().body(Map.of("name", "reader", "role", "RESPONDER", "userId", u))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).get("/api/v1/schedules/" + id).then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/schedules/" + id + "/on-call").then().statusCode(200);
        String before = admin().get("/api/v1/schedules/" + id).then().statusCode(200).extract().asString();
        given().auth().oauth2(token).contentType("application/json").body(API_MD_EXAMPLE.replace("<userId>", u))
                .put("/api/v1/schedules/" + id).then().statusCode(403);
        given().auth().oauth2(token).delete("/api/v1/schedules/" + id).then().statusCode(403);
        assertEquals(before, admin().get("/api/v1/schedules/" + id).then().statusCode(200).extract().asString(),
                "a refused change changes nothing");
        given().get("/api/v1/schedules/" + id).then().statusCode(401);
    }

    static Response onCall(String id, String at) {
        Response r = admin().get("/api/v1/schedules/" + id + "/on-call?at=" + at);
        r.then().statusCode(200);
        return r;
    }

    static Map<String, Object> shift(String user, String start, String end) {
        return Map.of("userId", user, "start", start, "end", end);
    }

    /** A schedule where one user is always on call from 2026-01-01. */
    static String schedule(String name, String userId) {
        return admin().body("""
                        { "name": "%s", "timeZone": "UTC",
                          "layers": [ { "rotationStart": "2026-01-01T00:00", "shiftLength": "P1W", "participants": ["%s"] } ] }
                        """.formatted(name, userId))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
    }
}
