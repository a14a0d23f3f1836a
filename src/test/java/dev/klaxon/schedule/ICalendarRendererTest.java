package dev.klaxon.schedule;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.validate.ValidationResult;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ICalendarRendererTest {

    /**
     * Parses as a calendar client would and checks RFC 5545 with ical4j's validator. The builder gets a registry of
     * the JDK's zones: ical4j's own would register placeholder zone ids with this JVM, which every other test shares.
     */
    static Calendar parseAndValidate(String ics) throws Exception {
        Calendar cal = new CalendarBuilder(new PlatformZones()).build(new StringReader(ics));
        ValidationResult result = cal.validate();
        assertFalse(result.hasErrors(), () -> result + "\n" + ics);
        return cal;
    }

    @Test
    void shiftsBecomeValidUtcEventsThatParseBack() throws Exception {
        String ics = ICalendarRenderer.render("Klaxon: Primary", "Europe/Berlin", List.of(
                new ICalendarRenderer.Event("shift-1@klaxon", "Alice on call for Primary, EU; nights",
                        "Klaxon pages Alice", Instant.parse("2026-03-23T08:00:00Z"), Instant.parse("2026-03-30T07:00:00Z")),
                new ICalendarRenderer.Event("shift-2@klaxon", "Bob on call for Primary, EU; nights",
                        "Klaxon pages Bob", Instant.parse("2026-03-30T07:00:00Z"), Instant.parse("2026-04-06T07:00:00Z"))),
                Instant.parse("2026-03-01T12:00:00.123Z"));

        Calendar cal = parseAndValidate(ics);
        List<VEvent> events = cal.getComponents("VEVENT");
        assertEquals(2, events.size());
        VEvent first = events.get(0);
        assertEquals("shift-1@klaxon", first.getUid().get().getValue());
        assertEquals("Alice on call for Primary, EU; nights", first.getSummary().getValue());
        assertEquals(Instant.parse("2026-03-23T08:00:00Z"), Instant.from(first.getDateTimeStart().getDate()));
        assertEquals(Instant.parse("2026-03-30T07:00:00Z"), Instant.from(first.getDateTimeEnd().getDate()));

        assertTrue(ics.contains("DTSTART:20260323T080000Z\r\n"), ics);
        assertTrue(ics.contains("DTEND:20260330T070000Z\r\n"), ics);
        assertTrue(ics.contains("DTSTAMP:20260301T120000Z\r\n"), ics);
        assertTrue(ics.contains("SUMMARY:Alice on call for Primary\\, EU\\; nights\r\n"), ics);
        assertTrue(ics.contains("TRANSP:TRANSPARENT\r\n"), ics);
        assertTrue(ics.contains("X-WR-TIMEZONE:Europe/Berlin\r\n"), ics);
        assertTrue(cal.getComponents("VTIMEZONE").isEmpty(), "UTC times need no VTIMEZONE");
        assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\n") && ics.endsWith("END:VCALENDAR\r\n"));
        assertTrue(ics.lines().allMatch(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 75),
                "RFC 5545 folds lines longer than 75 octets");
    }

    @Test
    void aCalendarWithoutShiftsIsStillValid() throws Exception {
        String ics = ICalendarRenderer.render("Klaxon: Nobody", "UTC", List.of(), Instant.EPOCH);
        Calendar cal = parseAndValidate(ics);
        assertTrue(cal.getComponents("VEVENT").isEmpty());
        assertEquals(1, cal.getComponents("VTIMEZONE").size());
    }

    @Test
    void renderingLeavesTheJvmsTimeZonesAlone() throws Exception {
        int before = ZoneId.getAvailableZoneIds().size();
        parseAndValidate(ICalendarRenderer.render("x", "Australia/Lord_Howe", List.of(new ICalendarRenderer.Event("u@klaxon",
                "s", "d", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"))), Instant.EPOCH));
        parseAndValidate(ICalendarRenderer.render("x", "UTC", List.of(), Instant.EPOCH));
        assertEquals(before, ZoneId.getAvailableZoneIds().size());
        for (String id : ZoneId.getAvailableZoneIds()) {
            assertNotNull(ZoneId.of(id).getRules(), id);
        }
    }

    @Test
    void linesAreFoldedAt75OctetsNotCharacters() throws Exception {
        String name = "Bereitschaft Üß ".repeat(6) + "🔥".repeat(30) + " 東京オンコール".repeat(5);
        String description = "ü".repeat(100) + "😀".repeat(40);
        String ics = ICalendarRenderer.render(name, "Europe/Berlin", List.of(new ICalendarRenderer.Event("u@klaxon", name,
                description, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"))), Instant.EPOCH);
        for (String line : ics.split("\r\n")) {
            assertTrue(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 75,
                    line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " octets: " + line);
            assertTrue(!line.isEmpty() && !Character.isLowSurrogate(line.charAt(line.charAt(0) == ' ' ? Math.min(1, line.length() - 1) : 0)), line);
        }
        assertTrue(ics.endsWith("END:VCALENDAR\r\n"));
        VEvent e = parseAndValidate(ics).<VEvent>getComponents("VEVENT").get(0);
        assertEquals(name, e.getSummary().getValue());
        assertEquals(description, e.getDescription().getValue());
    }

    @Test
    void longSummariesAreFoldedAndUnfoldBack() throws Exception {
        String name = "A very long schedule name ".repeat(8).strip();
        String ics = ICalendarRenderer.render(name, "UTC", List.of(new ICalendarRenderer.Event("u@klaxon", name, "ü".repeat(100),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"))), Instant.EPOCH);
        VEvent e = parseAndValidate(ics).<VEvent>getComponents("VEVENT").get(0);
        assertEquals(name, e.getSummary().getValue());
        assertEquals("ü".repeat(100), e.getDescription().getValue());
    }
}
