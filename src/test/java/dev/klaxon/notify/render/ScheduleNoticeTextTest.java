package dev.klaxon.notify.render;

import dev.klaxon.schedule.Gap;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleNoticeTextTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void handoffReminderNamesScheduleStartInTheReadersZoneAndEnd() {
        assertEquals("You are on call for Primary from 09:00 Europe/Berlin, Mon 5 Jan, until 09:00 Mon 12 Jan",
                ScheduleNoticeText.handoff("Primary", Instant.parse("2026-01-05T08:00:00Z"),
                        Instant.parse("2026-01-12T08:00:00Z"), true, BERLIN));
        assertEquals("You are on call for Primary from 03:00 America/New_York, Mon 5 Jan, until 03:00 Mon 12 Jan",
                ScheduleNoticeText.handoff("Primary", Instant.parse("2026-01-05T08:00:00Z"),
                        Instant.parse("2026-01-12T08:00:00Z"), true, ZoneId.of("America/New_York")));
    }

    @Test
    void handoffAcrossDstShowsTheLocalEnd() {
        // the week of the spring-forward in Berlin: 09:00 CET to 09:00 CEST is 167 hours
        assertEquals("You are on call for Primary from 09:00 Europe/Berlin, Mon 23 Mar, until 09:00 Mon 30 Mar",
                ScheduleNoticeText.handoff("Primary", Instant.parse("2026-03-23T08:00:00Z"),
                        Instant.parse("2026-03-30T07:00:00Z"), true, BERLIN));
    }

    @Test
    void handoffWithAnEndBeyondWhatWasComputedSaysAtLeast() {
        assertTrue(ScheduleNoticeText.handoff("Solo", Instant.parse("2026-01-05T08:00:00Z"),
                Instant.parse("2026-02-05T08:00:00Z"), false, BERLIN).endsWith("until at least 09:00 Thu 5 Feb"));
    }

    @Test
    void gapMessageListsEveryGapInTheReadersZone() {
        Instant horizon = Instant.parse("2026-01-20T00:00:00Z");
        String body = ScheduleNoticeText.gaps("Primary", List.of(
                new Gap(Instant.parse("2026-01-10T23:00:00Z"), Instant.parse("2026-01-11T23:00:00Z")),
                new Gap(Instant.parse("2026-01-17T23:00:00Z"), horizon)), horizon, BERLIN);
        assertEquals("""
                Nobody will be on call for Primary at these times (Europe/Berlin):
                - from 00:00 Sun 11 Jan until 00:00 Mon 12 Jan
                - from 00:00 Sun 18 Jan until at least 01:00 Tue 20 Jan
                An alert for Primary then reaches nobody through this schedule. Add an override or change its layers.""",
                body);
    }

    @Test
    void longGapListsAreCut() {
        List<Gap> gaps = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 14; i++) {
            gaps.add(new Gap(t.plusSeconds(86_400L * i), t.plusSeconds(86_400L * i + 3_600)));
        }
        String body = ScheduleNoticeText.gaps("Nightly", gaps, t.plusSeconds(86_400L * 14), ZoneId.of("UTC"));
        assertTrue(body.contains("- and 4 more\n"), body);
        assertEquals(ScheduleNoticeText.MAX_LISTED_GAPS + 1, body.lines().filter(l -> l.startsWith("- ")).count());
    }

    @Test
    void smsFormNamesTheFirstGapAndCountsTheRest() {
        Instant horizon = Instant.parse("2026-01-20T00:00:00Z");
        String sms = ScheduleNoticeText.gapsShort("Primary", List.of(
                new Gap(Instant.parse("2026-01-10T23:00:00Z"), Instant.parse("2026-01-11T23:00:00Z")),
                new Gap(Instant.parse("2026-01-17T23:00:00Z"), Instant.parse("2026-01-18T23:00:00Z"))), horizon, BERLIN);
        assertEquals("Klaxon: nobody will be on call for Primary from 00:00 Sun 11 Jan until 00:00 Mon 12 Jan "
                + "(Europe/Berlin) and 1 more time. Add an override or change the layers.", sms);
        assertFalse(sms.contains("\n"));
    }

    @Test
    void scheduleNamesCannotBreakTheMessageIntoLines() {
        assertFalse(ScheduleNoticeText.handoffSubject("Pri\nmary\r", Instant.EPOCH, BERLIN).contains("\n"));
    }
}
