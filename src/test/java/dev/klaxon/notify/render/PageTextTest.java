package dev.klaxon.notify.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageTextTest {

    static final String LINK = "https://klaxon.example.com/ack/" + "x".repeat(75);

    @Test
    void smsCarriesNumberSummaryAndLink() {
        String s = PageText.sms(42, "critical", "disk full on db-1", LINK);
        assertTrue(s.startsWith("Klaxon #42 CRITICAL: disk full on db-1"), s);
        assertTrue(s.contains(LINK));
        assertTrue(s.contains("42a"));
    }

    @Test
    void longSummariesAreCutSoTheLinkSurvives() {
        String s = PageText.sms(42, "warning", "y".repeat(2000), LINK);
        assertTrue(s.length() <= PageText.SMS_MAX, "length " + s.length());
        assertTrue(s.contains(LINK));
    }

    @Test
    void spokenTextSpellsTheNumber() {
        assertEquals("This is Klaxon with a critical alert, number 1 2 3. db down.", PageText.spoken(123, "critical", "db\ndown"));
    }

    @Test
    void gsmSummaryUsesTheTwoSegmentGsmBudget() {
        String s = PageText.sms(42, "critical", "disk full on db-1 ".repeat(40), LINK);
        assertTrue(PageText.isGsm(s), s);
        assertTrue(PageText.smsLength(s) <= 306, "septets " + PageText.smsLength(s));
        assertTrue(PageText.smsLength(s) > 250, "a GSM summary may use the whole 306: " + PageText.smsLength(s));
        assertEquals(2, PageText.smsSegments(s));
    }

    @Test
    void lookalikesAreTransliteratedSoTheSmsStaysGsm() {
        String s = PageText.sms(7, "error", "“Checkout” – latency … über 5 s on façade • naïve", LINK);
        assertTrue(PageText.isGsm(s), s);
        assertTrue(s.contains("\"Checkout\" - latency ... über 5 s on facade * naive"), s);
    }

    @Test
    void summaryWithoutGsmLookalikesFallsBackToTheUcs2BudgetOf134() {
        String link = "https://k.example/ack/" + "x".repeat(40);
        String s = PageText.sms(9, "critical", "決済サービスでエラー率が上昇しています。".repeat(10), link);
        assertTrue(!PageText.isGsm(s), s);
        assertTrue(s.length() <= 134, "UCS-2 units " + s.length() + ": " + s);
        assertEquals(2, PageText.smsSegments(s));
        assertTrue(s.contains(link), "the link survives");
        assertTrue(s.contains("決済"), "the summary is kept as far as it fits");
    }

    @Test
    void linkAlwaysSurvivesEvenWhenTwoUcs2SegmentsCannotHoldIt() {
        String s = PageText.sms(9, "critical", "🔥".repeat(100), LINK);
        assertTrue(s.contains(LINK), s);
        assertTrue(s.contains("🔥"), s);
        assertTrue(PageText.smsSegments(s) <= 3, "segments " + PageText.smsSegments(s));
    }

    @Test
    void cuttingNeverSplitsASurrogatePair() {
        String s = PageText.sms(9, "critical", "🔥".repeat(100), LINK);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)), "split at " + i);
            }
        }
    }

    @Test
    void extensionCharactersCountTwoSeptets() {
        assertEquals(2, PageText.smsLength("{"));
        assertEquals(5, PageText.smsLength("a[]"));
        assertEquals(3, PageText.smsLength("abc"));
    }

    @Test
    void bundleSmsSaysHowManyOnWhichServiceAndHowToAcknowledgeAll() {
        String s = PageText.bundleSms(7, java.util.List.of("payments-api"), LINK);
        assertTrue(s.startsWith("Klaxon: 7 alerts on payments-api - reply aa to acknowledge all"), s);
        assertTrue(s.contains(LINK));
        assertTrue(PageText.isGsm(s) && PageText.smsLength(s) <= 306, s);
        String many = PageText.bundleSms(12, java.util.List.of("payments-api", "checkout", "search", "auth"), LINK);
        assertTrue(many.contains("payments-api, checkout and 2 more"), many);
    }
}
