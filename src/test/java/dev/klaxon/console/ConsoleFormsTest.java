package dev.klaxon.console;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.KlaxonTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's forms over plain HTTP: alert actions, Me, admin forms; each needs the session's CSRF token. */
@QuarkusTest
class ConsoleFormsTest {

    private static String responder(String name) {
        String id = Api.user(name);
        return Api.admin().body(Map.of("name", "forms-" + ThreadLocalRandom.current().nextInt(1_000_000), "role", "RESPONDER",
                "userId", id)).post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
    }

    @Test
    void snoozeNoteEscalateAndResolveFromTheAlertPage() {
        // a pageable user and repeat 1: the policy has a further pass, so escalating from the console re-triggers
        String user = Api.user("Forms Henry");
        Api.contact(user, "SMS", Api.phone());
        String key = Api.integration(Api.service(Api.policy("PT5M", 1, user)), "GENERIC");
        String alertId = Api.hook(key, "{\"action\":\"trigger\",\"summary\":\"forms alert\"}").then().statusCode(202)
                .extract().path("alertId");
        ConsoleClient c = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        c.post("/alerts/" + alertId + "/snooze", Map.of("duration", "PT1H")).then().statusCode(303);
        assertEquals("acknowledged", Api.alertStatus(alertId));
        c.get("/alerts/" + alertId + "?done=snoozed").then().statusCode(200)
                .body(containsString("Snoozed. Escalation stopped; it re-triggers at"));
        c.post("/alerts/" + alertId + "/note", Map.of("text", "looking at the disk")).then().statusCode(303);
        assertTrue(Api.timeline(alertId).stream().anyMatch(m -> m.contains("looking at the disk")), Api.timeline(alertId).toString());
        c.post("/alerts/" + alertId + "/escalate", Map.of()).then().statusCode(303);
        assertEquals("triggered", Api.alertStatus(alertId), () -> Api.timeline(alertId).toString());
        c.post("/alerts/" + alertId + "/resolve", Map.of()).then().statusCode(303);
        assertEquals("resolved", Api.alertStatus(alertId));
        c.post("/alerts/" + alertId + "/snooze", Map.of("duration", "P30D")).then().statusCode(400)
                .body(containsString("duration"));
        c.request().formParam("csrf", "forged").post("/alerts/" + alertId + "/note").then().statusCode(403);
    }

    @Test
    void meAddsAPhoneThatWaitsForItsCodeAndAnEmailThatCanBeTested() {
        ConsoleClient c = ConsoleClient.signIn(responder("Forms Ida"));
        c.post("/me/contact-methods", Map.of("type", "SMS", "address", Api.phone(), "label", "mobile")).then().statusCode(303);
        c.post("/me/contact-methods", Map.of("type", "SMS", "address", "12"))
                .then().statusCode(400).body(containsString("address: must be a valid phone number"));
        c.post("/me/contact-methods", Map.of("type", "EMAIL", "address", "ida@example.com")).then().statusCode(303);
        String page = c.get("/me").then().statusCode(200).body(containsString("not confirmed")).extract().asString();
        var m = java.util.regex.Pattern.compile("/me/contact-methods/([0-9a-f-]{36})/test").matcher(page);
        assertTrue(m.find(), "the confirmed email has a test button");
        c.post("/me/contact-methods/" + m.group(1) + "/test", Map.of()).then().statusCode(303);
        c.post("/me/calendar-feed", Map.of()).then().statusCode(200).body(containsString("https://klaxon.test/calendar/"));
        c.post("/me/tokens", Map.of("name", "laptop")).then().statusCode(200).body(containsString("value=\"klx_"));
    }

    @Test
    void adminFormsCreateUsersPoliciesAndShowTheApisValidationMessages() {
        ConsoleClient c = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        String email = "forms." + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com";
        c.post("/admin/users", Map.of("name", "Forms Jo", "email", email, "timeZone", "Europe/Berlin", "role", "RESPONDER"))
                .then().statusCode(303);
        c.post("/admin/users", Map.of("name", "Forms Jo", "email", "x" + email, "timeZone", "Mars/Olympus", "role", "RESPONDER"))
                .then().statusCode(400).body(containsString("timeZone"));
        c.get("/admin/users").then().statusCode(200).body(containsString(email));
        String user = Api.user("Forms Kim");
        c.post("/admin/policies", Map.of("name", "forms policy", "target", "USER:" + user, "delayMinutes", "10", "repeat", "1"))
                .then().statusCode(303);
        c.get("/admin/services").then().statusCode(200).body(containsString("forms policy"))
                .body(containsString("after 10 min: Forms Kim"));
        c.post("/admin/services", Map.of("name", "", "escalationPolicyId", "nope")).then().statusCode(400)
                .body(containsString("escalationPolicyId"));
    }

    @Test
    void theBootstrapAdminHasNoMePageAndTheMenuDoesNotOfferOne() {
        ConsoleClient admin = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN);
        admin.get("/").then().statusCode(200).body(not(containsString("href=\"/me\"")));
        admin.get("/me").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("belongs to no user")).body(containsString("personal token"));
        ConsoleClient person = ConsoleClient.signIn(responder("Forms Lea"));
        person.get("/").then().statusCode(200).body(containsString("href=\"/me\""));
        person.get("/me").then().statusCode(200);
    }

    @Test
    void theTimelineWritesInstantsInTheViewersZone() {
        String user = Api.user("Forms Max"); // Europe/Berlin
        String token = Api.admin().body(Map.of("name", "forms-max", "role", "RESPONDER", "userId", user))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        String key = Api.integration(Api.service(Api.policy("PT5M", 0, user)), "GENERIC");
        String alertId = Api.hook(key, "{\"action\":\"trigger\",\"summary\":\"zone alert\"}").then().statusCode(202)
                .extract().path("alertId");
        Api.admin().body(Map.of("duration", "PT1H")).post("/api/v1/alerts/" + alertId + "/snooze").then().statusCode(200);
        String line = Api.timeline(alertId).stream().filter(m -> m.contains("re-triggers at")).findFirst().orElseThrow();
        java.util.regex.Matcher utc = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z").matcher(line);
        assertTrue(utc.find(), "the API keeps the stored line in UTC: " + line);
        String page = ConsoleClient.signIn(token).get("/alerts/" + alertId).then().statusCode(200).extract().asString();
        String timeline = page.substring(page.indexOf("id=\"timeline\""), page.indexOf("</ol>", page.indexOf("id=\"timeline\"")));
        assertTrue(timeline.contains("re-triggers at " + TimeText.at(java.time.Instant.parse(utc.group()),
                java.time.ZoneId.of("Europe/Berlin"))), timeline);
        assertTrue(!timeline.contains(utc.group()), timeline);
    }

    @Test
    void adminHomeCountsInWordsThatAgreeWithTheNumber() {
        assertEquals("1 team", Views.count(1, "team", "teams"));
        assertEquals("0 teams", Views.count(0, "team", "teams"));
        assertEquals("2 policies", Views.count(2, "policy", "policies"));
        String page = ConsoleClient.signIn(KlaxonTest.ADMIN_TOKEN).get("/admin").then().statusCode(200).extract().asString();
        var counts = java.util.regex.Pattern.compile("\\((\\d+) (\\w+), (\\d+) (\\w+)\\)").matcher(page);
        int seen = 0;
        while (counts.find()) {
            for (int g = 1; g <= 3; g += 2) {
                boolean one = counts.group(g).equals("1");
                assertEquals(one, !counts.group(g + 1).endsWith("s"), counts.group());
            }
            seen++;
        }
        assertEquals(2, seen, page);
    }
}
