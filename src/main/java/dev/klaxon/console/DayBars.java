package dev.klaxon.console;

import dev.klaxon.schedule.Gap;
import dev.klaxon.schedule.Shift;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Lays a schedule's shifts, overrides and gaps out as one row per local day of a zone, each stretch with its
 * position in the day in percent (a 23- or 25-hour DST day is still one full row). Pure: values in, values out.
 */
final class DayBars {

    /** An override as the bars need it: whose, when, and its id (for "give it back"). */
    record Cover(String id, String userId, Instant start, Instant end) {
    }

    /** A stretch of the timeline before it is cut into days. */
    record Piece(Instant start, Instant end, String kind, String userId, String overrideId) {
    }

    private DayBars() {
    }

    /**
     * Final shifts cut where an override of the same user begins or ends, the parts inside one marked
     * {@code override}; gaps as {@code gap}. Sorted by start.
     */
    static List<Piece> merged(List<Shift> shifts, List<Gap> gaps, List<Cover> overrides) {
        List<Piece> out = new ArrayList<>();
        for (Shift s : shifts) {
            TreeSet<Instant> cuts = new TreeSet<>(List.of(s.start(), s.end()));
            for (Cover o : overrides) {
                if (o.userId().equals(s.userId())) {
                    if (o.start().isAfter(s.start()) && o.start().isBefore(s.end())) cuts.add(o.start());
                    if (o.end().isAfter(s.start()) && o.end().isBefore(s.end())) cuts.add(o.end());
                }
            }
            Instant prev = null;
            for (Instant c : cuts) {
                if (prev != null) {
                    Cover by = coveredBy(overrides, s.userId(), prev, c);
                    out.add(new Piece(prev, c, by == null ? "shift" : "override", s.userId(), by == null ? null : by.id()));
                }
                prev = c;
            }
        }
        for (Gap g : gaps) {
            out.add(new Piece(g.start(), g.end(), "gap", null, null));
        }
        out.sort((a, b) -> a.start().compareTo(b.start()));
        return out;
    }

    static List<Piece> plain(List<Shift> shifts) {
        return shifts.stream().map(s -> new Piece(s.start(), s.end(), "shift", s.userId(), null)).toList();
    }

    private static Cover coveredBy(List<Cover> overrides, String userId, Instant from, Instant to) {
        Instant mid = from.plus(Duration.between(from, to).dividedBy(2));
        for (Cover o : overrides) {
            if (o.userId().equals(userId) && !mid.isBefore(o.start()) && mid.isBefore(o.end())) {
                return o;
            }
        }
        return null;
    }

    /**
     * {@code days} rows from {@code first}, in {@code zone}. {@code me} (may be null) marks the viewer's own
     * stretches; {@code canTake} offers "take this shift" on others' future stretches and gaps.
     */
    static List<Views.DayRow> days(LocalDate first, int days, ZoneId zone, List<Piece> pieces, Map<String, String> names,
                                   String me, Instant now, boolean canTake) {
        List<Views.DayRow> rows = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            ZonedDateTime dayStart = first.plusDays(d).atStartOfDay(zone);
            Instant from = dayStart.toInstant();
            Instant to = first.plusDays(d + 1L).atStartOfDay(zone).toInstant();
            double length = Duration.between(from, to).toSeconds();
            List<Views.Segment> segs = new ArrayList<>();
            for (Piece p : pieces) {
                Instant s = p.start().isBefore(from) ? from : p.start();
                Instant e = p.end().isAfter(to) ? to : p.end();
                if (!e.isAfter(s)) continue;
                boolean mine = me != null && me.equals(p.userId());
                String label = "gap".equals(p.kind()) ? "Nobody on call" : names.getOrDefault(p.userId(), "unknown user");
                boolean takeable = canTake && !mine && p.end().isAfter(now);
                Instant takeStart = p.start().isBefore(now) ? now : p.start();
                segs.add(new Views.Segment(mine && !"gap".equals(p.kind()) && "shift".equals(p.kind()) ? "mine" : p.kind(),
                        label, TimeText.time(s, zone), e.equals(to) ? "24:00" : TimeText.time(e, zone),
                        pct(Duration.between(from, s).toSeconds() / length), pct(Duration.between(s, e).toSeconds() / length),
                        takeStart.toString(), p.end().toString(), p.overrideId(), takeable, mine));
            }
            rows.add(new Views.DayRow(TimeText.day(dayStart), segs));
        }
        return rows;
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.3f%%", fraction * 100);
    }
}
