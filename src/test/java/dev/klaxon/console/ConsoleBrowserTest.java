package dev.klaxon.console;

import dev.klaxon.testing.Api;
import dev.klaxon.testing.KlaxonTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser, each scenario at phone (390 px) and desktop size, with axe-core on every page
 * and a screenshot of each under target/screenshots/. One Chromium for the whole class.
 */
@QuarkusTest
class ConsoleBrowserTest extends BrowserTest {

    record Person(String id, String name, String token) {
    }

    static Person person(String name, String role) {
        String unique = name + " " + ThreadLocalRandom.current().nextInt(100_000);
        String id = Api.admin().body(Map.of("name", unique, "email", unique.toLowerCase().replace(' ', '.') + "@example.com",
                "timeZone", "Europe/Berlin", "role", role)).post("/api/v1/users").then().statusCode(201).extract().path("id");
        String token = Api.admin().body(Map.of("name", "browser-" + unique, "role", role, "userId", id))
                .post("/api/v1/api-tokens").then().statusCode(201).extract().path("token");
        return new Person(id, unique, token);
    }

    /** A schedule whose one weekly layer has {@code who} on call since yesterday. */
    private String schedule(String name, String... who) {
        String start = clock.instant().minus(Duration.ofDays(1)).atZone(ZoneOffset.UTC).toLocalDateTime()
                .truncatedTo(ChronoUnit.HOURS).toString();
        return Api.admin().body(Map.of("name", name, "timeZone", "Europe/Berlin", "layers", List.of(Map.of(
                        "name", "Weekly", "rotationStart", start, "shiftLength", "P1W", "participants", List.of(who)))))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void signInAndSeeWhoIsOnCall(Browser.Size size) {
        browser.resize(size);
        Person alice = person("Alice", "RESPONDER");
        String scheduleName = "Primary " + size;
        schedule(scheduleName, alice.id());
        browser.open("/");
        assertTrue(browser.driver.getCurrentUrl().endsWith("/sign-in"), "anonymous visitors land on sign-in");
        browser.check("sign-in");

        browser.signOutAndIn(KlaxonTest.ADMIN_TOKEN);
        WebElement row = browser.driver.findElement(By.xpath("//table[@id='who-is-on-call']//tr[td/a[text()='" + scheduleName + "']]"));
        assertTrue(row.getText().contains(alice.name()), row.getText());

        browser.signOutAndIn(alice.token());
        assertTrue(browser.find("#oncall-status").getText().contains("on call in " + scheduleName), browser.text());
        browser.check("now");
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void anAlertPostedToAWebhookAppearsByItselfAndIsAcknowledgedWithOneTap(Browser.Size size) {
        browser.resize(size);
        Person bob = person("Bob", "RESPONDER");
        String key = Api.integration(Api.service(Api.policy("PT5M", 0, bob.id())), "GENERIC");
        browser.signOutAndIn(bob.token());
        browser.open("/alerts");
        browser.check("alerts");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("window.klaxonNoReload = true;");
        String summary = "disk full on db-" + size.name().toLowerCase() + "-" + ThreadLocalRandom.current().nextInt(10_000);
        Api.hook(key, "{\"action\":\"trigger\",\"summary\":\"" + summary + "\",\"severity\":\"critical\","
                + "\"links\":[{\"href\":\"https://grafana.example.com/d/disk\",\"text\":\"Dashboard\"}]}").then().statusCode(202);
        browser.awaitText(summary, Duration.ofSeconds(20));
        assertEquals(Boolean.TRUE, ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                .executeScript("return window.klaxonNoReload === true;"), "the list updated without a page load");

        // the list is swapped every few seconds: a click that lands on a replaced node is tried again
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> {
                    if (!d.getCurrentUrl().matches(".*/alerts/[0-9a-f-]{36}.*")) {
                        d.findElement(By.partialLinkText(summary)).click();
                    }
                    return d.getCurrentUrl().matches(".*/alerts/[0-9a-f-]{36}.*");
                });
        browser.check("alert");
        assertTrue(browser.find("a[href='https://grafana.example.com/d/disk']").isDisplayed(), "the monitor's link is tappable");
        browser.find("#acknowledge").click();
        browser.awaitText("Escalation stopped", Duration.ofSeconds(10));
        assertEquals("acknowledged", browser.find("#alert-status").getText());
        assertTrue(browser.find("#timeline").getText().contains("Acknowledged by " + bob.name()), browser.find("#timeline").getText());
        browser.check("alert-acknowledged");
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void takeAShiftAndSeeTheScheduleChange(Browser.Size size) {
        browser.resize(size);
        Person carol = person("Carol", "RESPONDER");
        Person dave = person("Dave", "RESPONDER");
        String id = schedule("Follow the sun " + size, carol.id());
        browser.signOutAndIn(dave.token());
        browser.open("/schedules/" + id);
        String before = browser.find("#merged").getText();
        assertTrue(before.contains(carol.name()) && !before.contains(dave.name()), before);
        browser.check("schedule-week");
        browser.find("#merged button.take").click();
        browser.awaitText("You are on call for that stretch now", Duration.ofSeconds(10));
        String after = browser.find("#merged").getText();
        assertTrue(after.contains(dave.name() + " (you)") && after.contains("override"), after);
        browser.screenshot("schedule-taken");
        browser.find("#month-view").click();
        browser.check("schedule-month");
        browser.find("#other-zone").click();
        assertTrue(browser.text().contains("the schedule's zone"), browser.text());
        browser.open("/schedules");
        browser.check("schedules");
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void createAServiceAndCopyItsIntegrationUrl(Browser.Size size) {
        browser.resize(size);
        Person erin = person("Erin", "RESPONDER");
        Api.policy("PT5M", 0, erin.id());
        browser.signOutAndIn(KlaxonTest.ADMIN_TOKEN);
        browser.open("/admin");
        browser.check("admin");
        browser.find("#admin-services").click();
        browser.check("admin-services");
        String name = "checkout " + size.name().toLowerCase() + " " + ThreadLocalRandom.current().nextInt(10_000);
        browser.find("#svc-name").sendKeys(name);
        browser.find("#new-service button[type=submit]").click();
        browser.awaitText(name, Duration.ofSeconds(10));
        new org.openqa.selenium.support.ui.Select(browser.find("#int-type")).selectByValue("ALERTMANAGER");
        browser.find("#new-integration button[type=submit]").click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(".integration-url")).isEmpty());
        String url = browser.find(".integration-url").getAttribute("value");
        assertTrue(url.startsWith("https://klaxon.test/hooks/"), url);
        assertTrue(browser.find("pre.snippet").getText().contains("url: " + url), "the Alertmanager receiver names the URL");
        browser.find("button.copy-url").click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(d -> "Copied".equals(
                d.findElement(By.cssSelector(".copy-row [role=status]")).getText()));
        browser.check("admin-service");
        browser.open("/admin/users");
        browser.check("admin-users");
        browser.open("/admin/audit");
        assertTrue(browser.text().contains("service " + name) || browser.text().contains(name), "the audit log names the new service");
        browser.check("admin-audit");
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void aResponderDoesNotSeeTheAdminPages(Browser.Size size) {
        browser.resize(size);
        Person frank = person("Frank", "RESPONDER");
        browser.signOutAndIn(frank.token());
        assertTrue(browser.all("a[href='/admin']").isEmpty(), "no Admin link in the navigation");
        browser.open("/me");
        browser.check("me");
        for (String page : List.of("/admin", "/admin/services", "/admin/users", "/admin/audit")) {
            browser.open(page);
            assertTrue(browser.text().contains("Not allowed"), page + ": " + browser.text());
        }
        browser.check("forbidden");
        assertFalse(browser.text().contains("Create service"));
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void theAckPageShowsTheAlertAndAcknowledgesWithOneTap(Browser.Size size) {
        browser.resize(size);
        Person gina = person("Gina", "RESPONDER");
        String phone = Api.phone();
        Api.contact(gina.id(), "SMS", phone);
        String key = Api.integration(Api.service(Api.policy("PT30M", 0, gina.id())), "GENERIC");
        Api.hook(key, "{\"action\":\"trigger\",\"summary\":\"payment errors " + size + "\",\"severity\":\"critical\","
                + "\"source\":\"prometheus\",\"details\":{\"rate\":\"12%\"},"
                + "\"links\":[{\"href\":\"https://runbooks.example.com/payments\",\"text\":\"Runbook\"}]}").then().statusCode(202);
        String token = dev.klaxon.testing.Pages.ackToken(dev.klaxon.testing.Pages.awaitSms(phone, 1).get(0));
        browser.open("/ack/" + token);
        assertTrue(browser.text().contains("Runbook") && browser.text().contains("prometheus"), browser.text());
        browser.check("ack");
        browser.find("button[value=acknowledge]").click();
        browser.awaitText("Escalation stopped", Duration.ofSeconds(10));
        browser.check("ack-done");
    }
}
