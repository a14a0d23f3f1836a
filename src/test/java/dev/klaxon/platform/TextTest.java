package dev.klaxon.platform;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextTest {

    @Test
    void lengthCountsCodePointsNotUtf16Units() {
        assertEquals(512, Text.length("🔥".repeat(512)));
        assertEquals(1024, "🔥".repeat(512).length()); // what String.length() would have said
        assertEquals(1000, Text.length("a".repeat(700) + "🔥".repeat(300)));
        assertEquals(0, Text.length(null));
        assertFalse(Text.longerThan("🔥".repeat(1024), 1024));
        assertTrue(Text.longerThan("🔥".repeat(1025), 1024));
    }

    @Test
    void shortenKeepsAtMostMaxCodePointsEndingInAnEllipsis() {
        String s = Text.shorten("x".repeat(1025), 1024);
        assertEquals(1024, Text.length(s));
        assertTrue(s.endsWith("…"));
        assertEquals("x".repeat(1023) + "…", s);
    }

    @Test
    void shortenNeverSplitsASurrogatePair() {
        String s = Text.shorten("🔥".repeat(2000), 1024);
        assertEquals("🔥".repeat(1023) + "…", s);
        for (int max = 1; max < 12; max++) {
            String cut = Text.shorten("a🔥b🔥c🔥d🔥e🔥f🔥", max);
            assertTrue(Text.length(cut) <= max, cut);
            for (int i = 0; i < cut.length(); i++) {
                char c = cut.charAt(i);
                assertFalse(Character.isHighSurrogate(c) && (i + 1 == cut.length() || !Character.isLowSurrogate(cut.charAt(i + 1))), cut);
            }
        }
    }

    @Test
    void shortTextIsReturnedUnchanged() {
        String s = "🔥".repeat(10);
        assertSame(s, Text.shorten(s, 10));
        assertNull(Text.shorten(null, 10));
    }

    @Test
    void shortenDropsTrailingSpaceAndAZeroWidthJoinerBeforeTheEllipsis() {
        assertEquals("ab…", Text.shorten("ab   cdef", 5));
        assertEquals("👩…", Text.shorten("👩\u200D🔥 and more", 3));
    }
}
