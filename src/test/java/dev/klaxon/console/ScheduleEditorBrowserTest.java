package dev.klaxon.console;

import dev.klaxon.console.ConsoleBrowserTest.Person;
import dev.klaxon.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schedule editor in a real browser, at phone and desktop size: an admin builds a schedule, previews its
 * handoffs, saves it and sees them in the schedule view; bad input shows the API's message next to the field and
 * stores nothing; a responder is kept out. axe-core on every page, screenshots under target/screenshots/.
 */
@QuarkusTest
class ScheduleEditorBrowserTest extends BrowserTest {

    /** The people {@link ConsoleBrowserTest#person} makes read Berlin time; the schedule runs on New York time. */
    private static final ZoneId VIEWER = ZoneId.of("Europe/Berlin");
    private static final ZoneId SCHEDULE = ZoneId.of("America/New_York");

    /** Date, time and datetime-local inputs take their ISO value from script the same in every locale. */
    private void setValue(String css, String value) {
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].value = arguments[1];", browser.find(css), value);
    }

    private void type(String css, String text) {
        WebElement e = browser.find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks a submit button and waits for the answer's page: the old document is marked, the new one is not. */
    private void submit(String css) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        js.executeScript("window.klaxonOldPage = true;");
        browser.find(css).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(js.executeScript(
                        "return window.klaxonOldPage === undefined && document.readyState === 'complete';")));
    }

    private List<List<String>> previewRows() {
        return browser.all("#preview-shifts tbody tr").stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    private static boolean scheduleNamed(String name) {
        List<String> names = Api.admin().get("/api/v1/schedules").then().statusCode(200).extract().path("name");
        return names.contains(name);
    }

    /** Fills the new-schedule form: one daily layer handing over at 09:00 New York time from {@code day}. */
    private void fillNewSchedule(String name, String zone, LocalDate day, String count, Person... members) {
        type("#f-name", name);
        type("#f-timeZone", zone);
        type("#f-layers-0-name", "Daily");
        setValue("#f-layers-0-startDate", day.toString());
        setValue("#f-layers-0-handoffTime", "09:00");
        type("#f-layers-0-count", count);
        new Select(browser.find("#f-layers-0-unit")).selectByValue("days");
        for (int i = 0; i < members.length; i++) {
            new Select(browser.find("#f-layers-0-participants-" + i)).selectByValue(members[i].id());
        }
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void anAdminPreviewsTheHandoffsOfANewScheduleSavesItAndSeesThemInTheScheduleView(Browser.Size size) {
        browser.resize(size);
        Person admin = ConsoleBrowserTest.person("Ann", "ADMIN");
        Person pat = ConsoleBrowserTest.person("Pat", "RESPONDER");
        Person sam = ConsoleBrowserTest.person("Sam", "RESPONDER");
        browser.signOutAndIn(admin.token());
        browser.open("/schedules");
        browser.find("#new-schedule").click();
        browser.check("schedule-new");

        String name = "Daily NY " + size.name().toLowerCase() + " " + ThreadLocalRandom.current().nextInt(100_000);
        LocalDate first = LocalDate.ofInstant(clock.instant(), VIEWER).plusDays(1);
        fillNewSchedule(name, "America/New_York", first, "1", pat, sam);
        submit("#preview-button");
        // 09:00 in New York, shown in the viewer's Berlin time, alternating Pat, Sam, Pat
        List<List<String>> rows = previewRows();
        for (int k = 0; k < 3; k++) {
            Instant from = first.plusDays(k).atTime(LocalTime.of(9, 0)).atZone(SCHEDULE).toInstant();
            Instant to = first.plusDays(k + 1).atTime(LocalTime.of(9, 0)).atZone(SCHEDULE).toInstant();
            List<String> expected = List.of(TimeText.at(from, VIEWER), TimeText.at(to, VIEWER), (k % 2 == 0 ? pat : sam).name());
            assertTrue(rows.contains(expected), "preview has " + expected + ": " + rows);
        }
        assertTrue(browser.find("#preview-shifts caption").getText().contains("times in Europe/Berlin"), browser.text());
        assertEquals(name, browser.find("#f-name").getAttribute("value"), "the form keeps what was typed");
        assertFalse(scheduleNamed(name), "a preview saves nothing");
        browser.check("schedule-preview");

        submit("#save-button");
        browser.awaitText("Schedule saved.", Duration.ofSeconds(10));
        assertTrue(browser.driver.getCurrentUrl().matches(".*/schedules/[0-9a-f-]{36}.*"), browser.driver.getCurrentUrl());
        String merged = browser.find("#merged").getText();
        assertTrue(merged.contains(pat.name()) && merged.contains(sam.name()), merged);
        String handoff = TimeText.time(first.atTime(LocalTime.of(9, 0)).atZone(SCHEDULE).toInstant(), VIEWER);
        assertTrue(merged.contains(handoff + "–"), "the first shift starts at " + handoff + ": " + merged);
        browser.check("schedule-saved");
        String id = browser.driver.getCurrentUrl().replaceAll(".*/schedules/([0-9a-f-]{36}).*", "$1");
        Api.admin().get("/api/v1/schedules/" + id).then().statusCode(200)
                .body("layers[0].participants", org.hamcrest.Matchers.contains(pat.id(), sam.id()))
                .body("layers[0].shiftLength", org.hamcrest.Matchers.is("P1D"));

        // an override for Sam on the first day, previewed, then added
        browser.find("#edit-schedule").click();
        new Select(browser.find("#f-userId")).selectByValue(sam.id());
        setValue("#f-start", first + "T16:00");
        setValue("#f-end", first + "T18:00");
        submit("#override-preview");
        Instant coverStart = first.atTime(16, 0).atZone(VIEWER).toInstant();
        Instant coverEnd = first.atTime(18, 0).atZone(VIEWER).toInstant();
        assertTrue(previewRows().contains(List.of(TimeText.at(coverStart, VIEWER), TimeText.at(coverEnd, VIEWER), sam.name())),
                previewRows().toString());
        browser.check("schedule-edit");
        Api.admin().get("/api/v1/schedules/" + id + "/overrides").then().body("size()", org.hamcrest.Matchers.is(0));
        submit("#override-save");
        browser.awaitText("Override added.", Duration.ofSeconds(10));
        assertTrue(browser.find("#overrides").getText().contains(sam.name()), browser.find("#overrides").getText());
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void aBadTimeZoneAndAZeroLengthShowTheApisMessagesBesideTheFieldsAndSaveNothing(Browser.Size size) {
        browser.resize(size);
        Person admin = ConsoleBrowserTest.person("Bea", "ADMIN");
        Person pat = ConsoleBrowserTest.person("Pia", "RESPONDER");
        browser.signOutAndIn(admin.token());
        browser.open("/admin/schedules/new");
        String name = "Broken " + size.name().toLowerCase() + " " + ThreadLocalRandom.current().nextInt(100_000);
        fillNewSchedule(name, "Mars/Olympus", LocalDate.ofInstant(clock.instant(), VIEWER), "0", pat);
        submit("#save-button");
        assertTrue(browser.find("#f-timeZone-error").getText()
                .contains("must be an IANA time zone such as Europe/Berlin, not 'Mars/Olympus'"), browser.text());
        assertTrue(browser.find("#f-layers-0-count-error").getText().contains("shift length must be positive"), browser.text());
        assertEquals("f-timeZone-error", browser.find("#f-timeZone").getAttribute("aria-describedby"));
        assertEquals("Mars/Olympus", browser.find("#f-timeZone").getAttribute("value"), "the form keeps what was typed");
        assertEquals("0", browser.find("#f-layers-0-count").getAttribute("value"));
        assertEquals(pat.id(), new Select(browser.find("#f-layers-0-participants-0")).getFirstSelectedOption().getAttribute("value"));
        assertTrue(browser.find("#form-errors").getText().contains("Nothing was saved"), browser.text());
        assertFalse(scheduleNamed(name), "nothing was saved");
        browser.check("schedule-errors");
    }

    @ParameterizedTest
    @EnumSource(Browser.Size.class)
    void aResponderSeesNoScheduleFormsAndIsRefusedThem(Browser.Size size) {
        browser.resize(size);
        Person rae = ConsoleBrowserTest.person("Rae", "RESPONDER");
        String id = Api.admin().body(Map.of("name", "Rae's " + size, "timeZone", "Europe/Berlin", "layers", List.of(Map.of(
                        "rotationStart", "2026-01-05T09:00", "shiftLength", "P1W", "participants", List.of(rae.id())))))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        browser.signOutAndIn(rae.token());
        browser.open("/schedules");
        assertTrue(browser.all("#new-schedule").isEmpty(), "no New schedule link");
        browser.open("/schedules/" + id);
        assertTrue(browser.all("#edit-schedule").isEmpty() && browser.all("#override-form").isEmpty(), "no edit link");
        for (String page : List.of("/admin/schedules/new", "/admin/schedules/" + id)) {
            browser.open(page);
            assertTrue(browser.text().contains("Not allowed"), page + ": " + browser.text());
            assertTrue(browser.all("#schedule-form").isEmpty(), page + " shows no form");
        }
        browser.check("schedule-editor-forbidden");
    }
}
