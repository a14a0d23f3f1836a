package dev.klaxon.engine;

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
}
