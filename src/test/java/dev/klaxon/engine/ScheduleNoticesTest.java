package dev.klaxon.engine;

import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Coverage-gap notices and handoff reminders: the outbox rows they write, once, with the right words. */
@QuarkusTest
class ScheduleNoticesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    @Inject
    TestClock clock;

    @Inject
    CoverageGapCheck gapCheck;

    @Inject
    HandoffReminders reminders;

    record Row(String pageKey, String userId, String channel, String address, String subject, String body, String alertId) {
    }

    @Test
    void gapsAheadAreToldToParticipantsOnceThroughQuietChannels() throws Exception {
        LocalDate monday = mondayAhead();
        moveClockTo(monday.atTime(12, 0).atZone(BERLIN).toInstant());

        String a = user("Gap A");
        String aMail = "gap-a-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com";
        contact(a, "EMAIL", aMail);
        contact(a, "NTFY", "gap-a-" + ThreadLocalRandom.current().nextInt(1_000_000));
        String aPhone = phone();
        contact(a, "VOICE", aPhone);
        contact(a, "SMS", aPhone);
        String b = user("Gap B");
        String bPhone = phone();
        contact(b, "SMS", bPhone);
        contact(b, "VOICE", bPhone);
        String c = user("Gap C");
        contact(c, "VOICE", phone());

        String name = "Weekdays and Saturday " + ThreadLocalRandom.current().nextInt(1_000_000);
        String id = sundaysUncovered(name, null, a, b, c);
        String unpaged = sundaysUncovered("Not paged", null, a, b, c);
        String silenced = sundaysUncovered("Silenced", false, a, b, c);
        policyPaging(id, silenced);

        gapCheck.runOnce();
        List<Row> rows = rows("gap:" + id + ":");
        assertEquals(3, rows.size(), "A by email and ntfy, B by SMS (nothing quieter), C not at all: " + rows);
        assertEquals(List.of("EMAIL", "NTFY"), rows.stream().filter(r -> r.userId().equals(a)).map(Row::channel).sorted().toList());
        assertEquals(List.of("SMS"), rows.stream().filter(r -> r.userId().equals(b)).map(Row::channel).toList());
        assertTrue(rows.stream().noneMatch(r -> r.channel().equals("VOICE") || r.userId().equals(c)));
        assertTrue(rows.stream().allMatch(r -> r.alertId() == null));

        Row mail = rows.stream().filter(r -> r.channel().equals("EMAIL")).findFirst().orElseThrow();
        assertEquals(aMail, mail.address());
        assertEquals("Klaxon: nobody will be on call for " + name + " at times", mail.subject());
        assertEquals("Nobody will be on call for " + name + " at these times (Europe/Berlin):\n"
                + sunday(monday.plusDays(6)) + "\n" + sunday(monday.plusDays(13)) + "\n"
                + "An alert for " + name + " then reaches nobody through this schedule. Add an override or change its layers.",
                mail.body());
        Row sms = rows.stream().filter(r -> r.channel().equals("SMS")).findFirst().orElseThrow();
        assertEquals(bPhone, sms.address());
        assertEquals("Klaxon: nobody will be on call for " + name + " " + sunday(monday.plusDays(6)).substring(2)
                + " (Europe/Berlin) and 1 more time. Add an override or change the layers.", sms.body());

        // the same gaps, seen again by later runs, are not told again
        gapCheck.runOnce();
        moveClockTo(clock.instant().plusSeconds(3_600));
        gapCheck.runOnce();
        assertEquals(3, rows("gap:" + id + ":").size());

        // a week later one more Sunday has come into view: only that one is told
        moveClockTo(monday.plusDays(7).atTime(12, 0).atZone(BERLIN).toInstant());
        gapCheck.runOnce();
        List<Row> later = rows("gap:" + id + ":");
        later.removeAll(rows);
        assertEquals(3, later.size(), later.toString());
        Row laterMail = later.stream().filter(r -> r.channel().equals("EMAIL")).findFirst().orElseThrow();
        assertTrue(laterMail.body().contains("\n" + sunday(monday.plusDays(20)) + "\n"), laterMail.body());
        assertEquals(1, laterMail.body().lines().filter(l -> l.startsWith("- ")).count(), laterMail.body());
        gapCheck.runOnce();
        assertEquals(6, rows("gap:" + id + ":").size());

        assertEquals(0, rows("gap:" + unpaged + ":").size(), "a schedule no policy pages has no notices");
        assertEquals(0, rows("gap:" + silenced + ":").size(), "gapAlerts: false silences them");
    }

    @Test
    void gapThatIsAlreadyOpenIsToldOnceAndNotAgainAsItShrinks() throws Exception {
        LocalDate monday = mondayAhead();
        moveClockTo(monday.atTime(6, 0).atZone(BERLIN).toInstant());
        String a = user("Late Start");
        contact(a, "EMAIL", "late-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com");
        // nobody is on call until the rotation starts in three days
        String id = admin().body("""
                        { "name": "Starts later", "timeZone": "Europe/Berlin",
                          "layers": [ { "rotationStart": "%sT09:00", "shiftLength": "P1W", "participants": ["%s"] } ] }
                        """.formatted(monday.plusDays(3), a))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        policyPaging(id);

        gapCheck.runOnce();
        List<Row> rows = rows("gap:" + id + ":");
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).body().contains("- from 06:00 " + DAY.format(monday) + " until 09:00 "
                + DAY.format(monday.plusDays(3)) + "\n"), rows.get(0).body());
        for (int hour = 1; hour <= 30; hour += 6) {
            moveClockTo(monday.atTime(6, 0).atZone(BERLIN).toInstant().plusSeconds(hour * 3_600L));
            gapCheck.runOnce();
        }
        assertEquals(1, rows("gap:" + id + ":").size(), "the open gap, seen from later instants, is the same gap");
    }

    @Test
    void incomingUserIsRemindedOncePerShiftBeforeItStarts() throws Exception {
        LocalDate monday = mondayAhead();
        moveClockTo(monday.atTime(7, 30).atZone(BERLIN).toInstant());

        String a = user("Outgoing A");
        contact(a, "EMAIL", "out-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com");
        String b = user("Incoming B");
        String bMail = "in-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com";
        contact(b, "EMAIL", bMail);
        contact(b, "PUSHOVER", "u" + "x".repeat(20) + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000)));
        contact(b, "VOICE", phone());

        String name = "Primary " + ThreadLocalRandom.current().nextInt(1_000_000);
        String layers = """
                [ { "name": "Weekly", "rotationStart": "%sT09:00", "shiftLength": "P1W", "participants": ["%s", "%s"] } ]
                """.formatted(monday.minusDays(7), a, b);
        String id = admin().body("{\"name\":\"" + name + "\",\"timeZone\":\"Europe/Berlin\",\"handoffReminder\":\"PT1H\","
                        + "\"layers\":" + layers + "}")
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
        String quiet = admin().body("{\"name\":\"No reminders\",\"timeZone\":\"Europe/Berlin\",\"layers\":" + layers + "}")
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");

        // 90 minutes before B's 09:00 handoff: too early
        reminders.runOnce();
        assertEquals(0, rows("handoff:" + id + ":").size());

        moveClockTo(monday.atTime(8, 15).atZone(BERLIN).toInstant());
        reminders.runOnce();
        reminders.runOnce();
        List<Row> rows = rows("handoff:" + id + ":");
        assertEquals(List.of("EMAIL", "PUSHOVER"), rows.stream().map(Row::channel).sorted().toList(), rows.toString());
        assertTrue(rows.stream().allMatch(r -> r.userId().equals(b)), "only the incoming user");
        Row mail = rows.stream().filter(r -> r.channel().equals("EMAIL")).findFirst().orElseThrow();
        assertEquals(bMail, mail.address());
        assertEquals("You are on call for " + name + " from 09:00 Europe/Berlin, " + DAY.format(monday)
                + ", until 09:00 " + DAY.format(monday.plusDays(7)), mail.body());
        assertEquals("Klaxon: you are on call for " + name + " from 09:00 " + DAY.format(monday), mail.subject());
        assertNull(mail.alertId());

        // an override cuts B's week: its user is reminded before it, and B before coming back after it
        String overrideStart = monday.plusDays(1).atTime(10, 0).atZone(BERLIN).toInstant().toString();
        String overrideEnd = monday.plusDays(1).atTime(12, 0).atZone(BERLIN).toInstant().toString();
        admin().body(Map.of("userId", a, "start", overrideStart, "end", overrideEnd))
                .post("/api/v1/schedules/" + id + "/overrides").then().statusCode(201);
        moveClockTo(monday.plusDays(1).atTime(9, 30).atZone(BERLIN).toInstant());
        reminders.runOnce();
        List<Row> forA = rows("handoff:" + id + ":").stream().filter(r -> r.userId().equals(a)).toList();
        assertEquals(1, forA.size());
        assertEquals("You are on call for " + name + " from 10:00 Europe/Berlin, " + DAY.format(monday.plusDays(1))
                + ", until 12:00 " + DAY.format(monday.plusDays(1)), forA.get(0).body());
        assertEquals(2, rows("handoff:" + id + ":").stream().filter(r -> r.userId().equals(b)).count());

        moveClockTo(monday.plusDays(1).atTime(11, 30).atZone(BERLIN).toInstant());
        reminders.runOnce();
        List<Row> forB = rows("handoff:" + id + ":").stream().filter(r -> r.userId().equals(b))
                .filter(r -> r.body().contains("from 12:00")).toList();
        assertEquals(2, forB.size(), "B is told again before taking over after the override");

        assertEquals(0, rows("handoff:" + quiet + ":").size(), "a schedule without handoffReminder reminds nobody");
    }

    @Test
    void aGapOnTheNightTheClocksChangeIsToldInLocalTime() throws Exception {
        LocalDate dstSunday = nextDstSunday();
        moveClockTo(dstSunday.minusDays(6).atTime(12, 0).atZone(BERLIN).toInstant());
        String a = user("Dst Gap");
        contact(a, "EMAIL", "dst-gap-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com");
        String id = sundaysUncovered("Dst gap " + ThreadLocalRandom.current().nextInt(1_000_000), null, a);
        policyPaging(id);

        gapCheck.runOnce();
        List<Row> rows = rows("gap:" + id + ":");
        assertEquals(1, rows.size(), rows.toString());
        // the Sunday of the change lasts 23 or 25 hours: still midnight to midnight on the wall clock
        assertTrue(rows.get(0).body().contains("\n" + sunday(dstSunday) + "\n"), rows.get(0).body());
        assertTrue(rows.get(0).body().contains("\n" + sunday(dstSunday.plusDays(7)) + "\n"), rows.get(0).body());
    }

    @Test
    void aHandoffReminderAfterTheClocksChangeComesAnHourBeforeTheLocalHandoff() throws Exception {
        LocalDate dstSunday = nextDstSunday();
        LocalDate mondayBefore = dstSunday.minusDays(6);
        LocalDate mondayAfter = dstSunday.plusDays(1);
        moveClockTo(mondayBefore.atTime(12, 0).atZone(BERLIN).toInstant());
        String a = user("Dst Outgoing");
        contact(a, "EMAIL", "dst-out-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com");
        String b = user("Dst Incoming");
        contact(b, "EMAIL", "dst-in-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com");
        String name = "Dst handoff " + ThreadLocalRandom.current().nextInt(1_000_000);
        // A's week starts before the change at 09:00, B's after it at 09:00 local: 167 or 169 hours later
        String id = admin().body("""
                        { "name": "%s", "timeZone": "Europe/Berlin", "handoffReminder": "PT1H",
                          "layers": [ { "rotationStart": "%sT09:00", "shiftLength": "P1W", "participants": ["%s", "%s"] } ] }
                        """.formatted(name, mondayBefore, a, b))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");

        moveClockTo(mondayAfter.atTime(7, 50).atZone(BERLIN).toInstant());
        reminders.runOnce();
        assertEquals(0, rows("handoff:" + id + ":").stream().filter(r -> r.userId().equals(b)).count(),
                "70 minutes before the local handoff is too early");

        moveClockTo(mondayAfter.atTime(8, 5).atZone(BERLIN).toInstant());
        reminders.runOnce();
        List<Row> forB = rows("handoff:" + id + ":").stream().filter(r -> r.userId().equals(b)).toList();
        assertEquals(1, forB.size(), forB.toString());
        assertEquals("You are on call for " + name + " from 09:00 Europe/Berlin, " + DAY.format(mondayAfter)
                + ", until 09:00 " + DAY.format(mondayAfter.plusDays(7)), forB.get(0).body());
    }

    // ---- helpers

    /** The Sunday of Berlin's next change of clocks at least nine days ahead of the test clock. */
    private LocalDate nextDstSunday() {
        Instant change = BERLIN.getRules().nextTransition(clock.instant().plus(java.time.Duration.ofDays(9))).getInstant();
        LocalDate day = LocalDate.ofInstant(change, BERLIN);
        assertEquals(DayOfWeek.SUNDAY, day.getDayOfWeek());
        return day;
    }

    /** Sunday's gap line in a gap message, e.g. "- from 00:00 Sun 6 Dec until 00:00 Mon 7 Dec". */
    private static String sunday(LocalDate sunday) {
        assertEquals(DayOfWeek.SUNDAY, sunday.getDayOfWeek());
        return "- from 00:00 " + DAY.format(sunday) + " until 00:00 " + DAY.format(sunday.plusDays(1));
    }

    /** A schedule whose one layer covers Monday to Saturday around the clock and nobody on Sundays. */
    private static String sundaysUncovered(String name, Boolean gapAlerts, String... users) {
        String participants = String.join("\", \"", users);
        return admin().body("""
                        { "name": "%s", "timeZone": "Europe/Berlin", "gapAlerts": %s,
                          "layers": [ { "rotationStart": "2026-01-05T00:00", "shiftLength": "P1W", "participants": ["%s"],
                                        "restrictions": [ { "days": ["MON","TUE","WED","THU","FRI","SAT"],
                                                            "start": "00:00", "end": "00:00" } ] } ] }
                        """.formatted(name, gapAlerts, participants))
                .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
    }

    private static void policyPaging(String... scheduleIds) {
        List<Map<String, String>> targets = new ArrayList<>();
        for (String s : scheduleIds) {
            targets.add(Map.of("type", "SCHEDULE", "id", s));
        }
        admin().body(Map.of("name", "gap-policy-" + ThreadLocalRandom.current().nextInt(1_000_000), "repeat", 0,
                        "steps", List.of(Map.of("delay", "PT5M", "targets", targets))))
                .post("/api/v1/escalation-policies").then().statusCode(201);
    }

    /** A Monday at least two days ahead of the test clock, so that each test has its own, later week. */
    private LocalDate mondayAhead() {
        return LocalDate.ofInstant(clock.instant(), BERLIN).plusDays(2).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    }

    /** Tests share the clock and only ever move it forward, once what is in flight has settled. */
    private void moveClockTo(Instant t) {
        assertTrue(!t.isBefore(clock.instant()), "the clock only moves forward");
        Settled.await();
        clock.set(t);
    }

    private static List<Row> rows(String keyPrefix) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Connection c = KlaxonTestEnvironment.connect();
             PreparedStatement st = c.prepareStatement("""
                     SELECT page_key, user_id, channel, address, subject, body, alert_id FROM outbox
                     WHERE page_key LIKE ? ORDER BY created_at, page_key""")) {
            st.setString(1, keyPrefix + "%");
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)));
                }
            }
        }
        return out;
    }
}
