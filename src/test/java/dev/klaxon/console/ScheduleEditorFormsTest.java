package dev.klaxon.console;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.KlaxonTest;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schedule editor over plain HTTP: preview computes the final shifts of an unsaved schedule and stores nothing,
 * save stores what the API would, the API's messages land next to the fields they name, and only admins get in.
 */
@QuarkusTest
class ScheduleEditorFormsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** The zone the bootstrap admin reads in. */
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Pattern ROW = Pattern.compile("<tr(?: class=\"gap-row\")?><td>([^<]*)</td><td>([^<]*)</td><td>(?:<span class=\"gap-text\">)?([^<]*)(?:</span>)?</td></tr>");

    @Inject
    TestClock clock;

    private static String unique(String name) {
        return name + " " + ThreadLocalRandom.current().nextInt(1_000_000);
    }

    /** A daily layer of {@code who}, first handoff {@code day} at 09:00 Berlin, as the form posts it. */
    private static Map<String, String> dailyForm(String name, String zone, LocalDate day, String count, String... who) {
        Map<String, String> f = new HashMap<>(Map.of("name", name, "timeZone", zone, "layers[0].name", "Daily",
                "layers[0].startDate", day.toString(), "layers[0].handoffTime", "09:00", "layers[0].count", count,
                "layers[0].unit", "days"));
        for (int i = 0; i < who.length; i++) {
            f.put("layers[0].participants[" + i + "]", who[i]);
        }
        // the spare slot the page shows after the members is posted empty
        f.put("layers[0].participants[" + who.length + "]", "");
        return f;
    }

    private static List<List<String>> previewRows(String html) {
        int table = html.indexOf("id=\"preview-shifts\"");
        assertTrue(table > 0, "the page shows a preview table");
        Matcher m = ROW.matcher(html.substring(table, html.indexOf("</table>", table)));
        List<List<String>> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(List.of(m.group(1), m.group(2), m.group(3)));
        }
        return rows;
    }

    private static boolean scheduleNamed(String name) {
        List<String> names = Api.admin().get("/api/v1/schedules").then().statusCode(200).extract().path("name");
        return names.contains(name);
    }

    @Test
    void previewShowsTheHandoffsOfTheUnsavedScheduleAndSaveStoresIt() {
        String alice = unique("Editor Alice");
        String bob = unique("Editor Bob");
        String a = Api.user(alice);
        String b = Api.user(bob);
        ConsoleClient c = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        String name = unique("Editor daily");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Map<String, String> form = dailyForm(name, "Europe/Berlin", today, "1", a, b);

        form.put("op", "preview");
        String html = c.post("/admin/schedules", form).then().statusCode(200)
                .body(containsString("Preview, not saved yet")).extract().asString();
        assertTrue(!scheduleNamed(name), "a preview stores nothing");
        // the bootstrap admin reads UTC: 09:00 in Berlin is shown in UTC, each day handing over from one to the other
        List<List<String>> rows = previewRows(html);
        Instant firstHandoff = today.atTime(LocalTime.of(9, 0)).atZone(BERLIN).toInstant();
        assertEquals(List.of(TimeText.at(today.atStartOfDay(ZoneOffset.UTC).toInstant(), UTC),
                TimeText.at(firstHandoff, UTC), "Nobody on call"), rows.get(0), rows.toString());
        for (int k = 0; k < 4; k++) {
            Instant start = today.plusDays(k).atTime(LocalTime.of(9, 0)).atZone(BERLIN).toInstant();
            Instant end = today.plusDays(k + 1).atTime(LocalTime.of(9, 0)).atZone(BERLIN).toInstant();
            assertEquals(List.of(TimeText.at(start, UTC), TimeText.at(end, UTC), k % 2 == 0 ? alice : bob),
                    rows.get(k + 1), rows.toString());
        }

        form.put("op", "save");
        Response saved = c.post("/admin/schedules", form);
        assertEquals(303, saved.statusCode(), saved.asString());
        String id = saved.getHeader("Location").replaceAll(".*/schedules/([0-9a-f-]{36}).*", "$1");
        Api.admin().get("/api/v1/schedules/" + id).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.is(name))
                .body("timeZone", org.hamcrest.Matchers.is("Europe/Berlin"))
                .body("layers[0].rotationStart", org.hamcrest.Matchers.is(today + "T09:00"))
                .body("layers[0].shiftLength", org.hamcrest.Matchers.is("P1D"))
                .body("layers[0].participants", org.hamcrest.Matchers.contains(a, b));
        c.get("/schedules/" + id + "?done=saved").then().statusCode(200).body(containsString("Schedule saved."));
    }

    @Test
    void theApisMessagesStandNextToTheFieldsTheyNameAndNothingIsSaved() {
        String a = Api.user(unique("Editor Cleo"));
        ConsoleClient c = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        String name = unique("Editor broken");
        Map<String, String> form = dailyForm(name, "Mars/Olympus", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), "0", a);
        form.put("op", "save");
        String html = c.post("/admin/schedules", form).then().statusCode(400).extract().asString();
        assertTrue(html.contains("<p class=\"field-error\" id=\"f-timeZone-error\">must be an IANA time zone such as Europe/Berlin, not &#39;Mars/Olympus&#39;</p>")
                || html.contains("<p class=\"field-error\" id=\"f-timeZone-error\">must be an IANA time zone such as Europe/Berlin, not 'Mars/Olympus'</p>"), html);
        assertTrue(html.contains("id=\"f-layers-0-count-error\">shift length must be positive"), html);
        assertTrue(html.contains("aria-describedby=\"f-timeZone-error\""), "the field points at its message");
        assertTrue(html.contains("value=\"Mars/Olympus\"") && html.contains("value=\"" + name + "\""), "the form keeps what was typed");
        assertTrue(html.contains("<option value=\"" + a + "\" selected>"), "the chosen member stays chosen");
        assertTrue(!scheduleNamed(name), "nothing was saved");

        form.put("op", "preview");
        c.post("/admin/schedules", form).then().statusCode(400).body(containsString("f-timeZone-error"))
                .body(not(containsString("id=\"preview-shifts\"")));
        assertTrue(!scheduleNamed(name), "nothing was saved");
    }

    @Test
    void anEditAddsARestrictionAndAnOverrideIsPreviewedBeforeItIsAdded() {
        String dora = unique("Editor Dora");
        String d = Api.user(dora);
        String ed = unique("Editor Ed");
        String e = Api.user(ed);
        String id = Api.admin().body(Map.of("name", unique("Editor weekly"), "timeZone", "Europe/Berlin", "layers", List.of(Map.of(
                        "name", "Weekly", "rotationStart", "2026-01-05T09:00", "shiftLength", "P1W", "participants", List.of(d)))))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        ConsoleClient c = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        c.get("/admin/schedules/" + id).then().statusCode(200).body(containsString("value=\"2026-01-05\""))
                .body(containsString("<option value=\"weeks\" selected>")).body(containsString("<option value=\"" + d + "\" selected>"));

        Map<String, String> form = new HashMap<>(Map.of("name", "Editor weekly renamed", "timeZone", "Europe/Berlin",
                "layers[0].name", "Weekly", "layers[0].startDate", "2026-01-05", "layers[0].handoffTime", "09:00",
                "layers[0].count", "1", "layers[0].unit", "weeks", "layers[0].participants[0]", d,
                "layers[0].restrictions[0].start", "09:00", "layers[0].restrictions[0].end", "17:00"));
        form.put("op", "save");
        c.request().contentType(io.restassured.http.ContentType.URLENC).formParams(form).formParam("csrf", c.csrf())
                .formParam("layers[0].restrictions[0].days", "MON", "FRI").post("/admin/schedules/" + id)
                .then().statusCode(303);
        Api.admin().get("/api/v1/schedules/" + id).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.is("Editor weekly renamed"))
                .body("layers[0].restrictions[0].days", org.hamcrest.Matchers.contains("MON", "FRI"))
                .body("layers[0].restrictions[0].start", org.hamcrest.Matchers.is("09:00"));

        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
        c.post("/admin/schedules/" + id + "/overrides", Map.of("userId", e, "start", day + "T10:00", "end", day + "T08:00",
                "op", "save")).then().statusCode(400).body(containsString("id=\"f-end-error\">must be after start"));
        // the API's range for instants holds in the console too (found by a fresh user: 1800 and 3000 were stored)
        c.post("/admin/schedules/" + id + "/overrides", Map.of("userId", e, "start", "1800-12-01T09:00", "end", "3000-01-01T00:00",
                "op", "save")).then().statusCode(400)
                .body(containsString("id=\"f-start-error\">must be between 2000-01-01T00:00:00Z and 2200-01-01T00:00:00Z"))
                .body(containsString("id=\"f-end-error\">must be between 2000-01-01T00:00:00Z and 2200-01-01T00:00:00Z"));
        Api.admin().get("/api/v1/schedules/" + id + "/overrides").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
        String html = c.post("/admin/schedules/" + id + "/overrides", Map.of("userId", e, "start", day + "T10:00",
                "end", day + "T12:00", "op", "preview")).then().statusCode(200).extract().asString();
        assertTrue(previewRows(html).stream().anyMatch(r -> r.equals(List.of(TimeText.at(day.atTime(10, 0).toInstant(ZoneOffset.UTC), UTC),
                TimeText.at(day.atTime(12, 0).toInstant(ZoneOffset.UTC), UTC), ed))), previewRows(html).toString());
        Api.admin().get("/api/v1/schedules/" + id + "/overrides").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(0));
        c.post("/admin/schedules/" + id + "/overrides", Map.of("userId", e, "start", day + "T10:00", "end", day + "T12:00",
                "op", "save")).then().statusCode(303);
        Api.admin().get("/api/v1/schedules/" + id + "/overrides").then().statusCode(200).body("size()", org.hamcrest.Matchers.is(1))
                .body("[0].userId", org.hamcrest.Matchers.is(e));
    }

    @Test
    void aResponderIsRefusedAndAFormWithoutItsCsrfTokenToo() {
        String fay = Api.user(unique("Editor Fay"));
        String token = Api.admin().body(Map.of("name", unique("editor-responder"), "role", "RESPONDER", "userId", fay))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        ConsoleClient responder = ConsoleClient.signIn(token);
        String name = unique("Editor forbidden");
        Map<String, String> form = dailyForm(name, "Europe/Berlin", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), "1", fay);
        form.put("op", "save");
        responder.get("/admin/schedules/new").then().statusCode(403).body(containsString("Not allowed"));
        responder.post("/admin/schedules", form).then().statusCode(403);
        responder.get("/schedules").then().statusCode(200).body(not(containsString("/admin/schedules/new")));
        ConsoleClient admin = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        admin.request().contentType(io.restassured.http.ContentType.URLENC).formParams(form).formParam("csrf", "forged")
                .post("/admin/schedules").then().statusCode(403);
        assertTrue(!scheduleNamed(name), "nothing was saved");
        admin.get("/admin/schedules/new").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Cache-Control", containsString("no-store"))
                .header("Referrer-Policy", "no-referrer");
    }

    @Test
    void theEditorOffersNoMinutesForANewLayerSinceTheApiRefusesShiftsUnderAnHour() {
        ConsoleClient c = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        c.get("/admin/schedules/new").then().statusCode(200).body(containsString("value=\"hours\""))
                .body(org.hamcrest.Matchers.not(containsString("value=\"minutes\"")));
        // a stored length in minutes (the API takes PT90M) still shows as it is
        assertEquals(List.of("hours", "days", "weeks", "months", "minutes"), ScheduleForm.unitsFor("minutes"));
        assertEquals(List.of("hours", "days", "weeks", "months"), ScheduleForm.unitsFor("weeks"));
    }
}
