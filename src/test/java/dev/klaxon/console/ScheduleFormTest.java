package dev.klaxon.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The schedule form's own translation: lengths typed as count and unit, and compacting what was posted. */
class ScheduleFormTest {

    @ParameterizedTest
    @CsvSource({"PT12H,12,hours,PT12H", "PT90M,90,minutes,PT90M", "P1D,1,days,P1D", "P14D,2,weeks,P2W",
            "P1W,1,weeks,P1W", "P1Y,12,months,P12M", "P2M,2,months,P2M", "p3d,3,days,P3D"})
    void aStoredLengthIsShownAsCountAndUnitAndTypedBackAsTheSameLength(String iso, String count, String unit, String back) {
        assertArrayEquals(new String[]{count, unit}, ScheduleForm.length(iso));
        assertEquals(back, ScheduleForm.shiftLength(count, unit));
    }

    @Test
    void aMissingCountOrAnUnknownUnitLeavesTheLengthMissingForTheApiToName() {
        assertNull(ScheduleForm.shiftLength("", "days"));
        assertNull(ScheduleForm.shiftLength("2", "fortnights"));
        assertEquals("P0D", ScheduleForm.shiftLength("0", "days"));
    }

    @Test
    void readingDropsRemovedLayersEmptySlotsAndEmptyWindowsSoTheApisIndexesAreTheFormsIndexes() {
        Map<String, List<String>> form = Map.ofEntries(
                Map.entry("name", List.of(" Primary ")), Map.entry("timeZone", List.of("Europe/Berlin")),
                Map.entry("layers[0].name", List.of("gone")), Map.entry("layers[0].remove", List.of("on")),
                Map.entry("layers[1].name", List.of("kept")), Map.entry("layers[1].startDate", List.of("2026-01-05")),
                Map.entry("layers[1].handoffTime", List.of("09:00")), Map.entry("layers[1].count", List.of("1")),
                Map.entry("layers[1].unit", List.of("weeks")),
                Map.entry("layers[1].participants[0]", List.of("")), Map.entry("layers[1].participants[1]", List.of("b")),
                Map.entry("layers[1].participants[2]", List.of("a")),
                Map.entry("layers[1].restrictions[0].start", List.of("")), Map.entry("layers[1].restrictions[0].end", List.of("")),
                Map.entry("layers[1].restrictions[1].days", List.of("MON", "TUE")),
                Map.entry("layers[1].restrictions[1].start", List.of("09:00")),
                Map.entry("layers[1].restrictions[1].end", List.of("17:00")));
        ScheduleForm.Input in = ScheduleForm.read(form);
        assertEquals("Primary", in.name());
        assertEquals(1, in.layers().size());
        ScheduleForm.LayerInput l = in.layers().get(0);
        assertEquals("kept", l.name());
        assertEquals(List.of("b", "a"), l.members(), "order of the slots, empty ones dropped");
        assertEquals(List.of(new ScheduleForm.Window(List.of("MON", "TUE"), "09:00", "17:00")), l.windows());
        var doc = ScheduleForm.doc(in, null, null).layers().get(0);
        assertEquals("2026-01-05T09:00", doc.rotationStart());
        assertEquals("P1W", doc.shiftLength());
        assertEquals(List.of("MON", "TUE"), doc.restrictions().get(0).days());
    }
}
