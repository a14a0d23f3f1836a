package dev.klaxon.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LocalTimeMapperTest {

    static final Instant FIRST = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant LAST = Instant.parse("2040-01-01T00:00:00Z");

    /** Local times on both sides of every transition of every zone from 1900 to 2040. */
    static List<LocalDateTime> aroundTransitions(ZoneRules rules) {
        List<LocalDateTime> locals = new ArrayList<>();
        for (ZoneOffsetTransition t = rules.nextTransition(FIRST); t != null && t.getInstant().isBefore(LAST);
             t = rules.nextTransition(t.getInstant())) {
            for (LocalDateTime edge : List.of(t.getDateTimeBefore(), t.getDateTimeAfter())) {
                for (int minutes : new int[] {-60, -30, -1, 0, 1, 15, 30, 60}) {
                    locals.add(edge.plusMinutes(minutes));
                }
                locals.add(edge.minusNanos(1));
                locals.add(edge.plusSeconds(1));
                locals.add(edge.plusDays(1));
                locals.add(edge.minusDays(1));
            }
        }
        return locals;
    }

    @Test
    void agreesWithZonedDateTimeOfLocalAroundEveryTransitionOfEveryZone() {
        Random random = new Random(42);
        for (String id : new TreeSet<>(ZoneId.getAvailableZoneIds())) {
            ZoneId zone = ZoneId.of(id);
            LocalTimeMapper mapper = LocalTimeMapper.of(zone);
            List<LocalDateTime> locals = aroundTransitions(zone.getRules());
            locals.add(LocalDateTime.parse("2026-06-15T12:00"));
            // in order (the remembered span is reused) and a random tenth in random order (it keeps changing)
            List<LocalDateTime> shuffled = new ArrayList<>(locals);
            Collections.shuffle(shuffled, random);
            shuffled = shuffled.subList(0, shuffled.size() / 10 + 1);
            for (List<LocalDateTime> order : List.of(locals, shuffled)) {
                for (LocalDateTime local : order) {
                    assertEquals(ZonedDateTime.ofLocal(local, zone, null).toInstant(), mapper.toInstant(local),
                            () -> id + " " + local);
                }
            }
        }
    }

    @Test
    void gapTimesMoveForwardAndOverlapTimesTakeTheEarlierInstant() {
        LocalTimeMapper berlin = LocalTimeMapper.of(ZoneId.of("Europe/Berlin"));
        // warm the remembered span on the winter side of the spring gap
        assertEquals(Instant.parse("2026-03-28T23:00:00Z"), berlin.toInstant(LocalDateTime.parse("2026-03-29T00:00")));
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), berlin.toInstant(LocalDateTime.parse("2026-03-29T02:30")));
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), berlin.toInstant(LocalDateTime.parse("2026-03-29T03:00")));
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), berlin.toInstant(LocalDateTime.parse("2026-10-25T02:30")));
        assertEquals(Instant.parse("2026-10-25T02:00:00Z"), berlin.toInstant(LocalDateTime.parse("2026-10-25T03:00")));
    }

    @Test
    void fixedOffsetZonesConvertDirectly() {
        LocalTimeMapper kathmandu = LocalTimeMapper.of(ZoneOffset.ofHoursMinutes(5, 45));
        assertEquals(Instant.parse("2026-01-01T03:15:00Z"), kathmandu.toInstant(LocalDateTime.parse("2026-01-01T09:00")));
    }
}
