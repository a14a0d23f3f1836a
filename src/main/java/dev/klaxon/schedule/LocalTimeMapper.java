package dev.klaxon.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps local date-times of one zone to instants exactly like {@code ZonedDateTime.ofLocal(local, zone, null)}:
 * a time in a DST gap moves forward by the length of the gap, one in an overlap takes the earlier instant.
 *
 * <p>Schedules convert thousands of local times that lie between the same few transitions, so this remembers the
 * last few spans of constant offset and converts inside them with plain arithmetic; anything else goes the slow,
 * exact way. The remembered spans are an immutable array in a plain field: threads that race on it only lose the
 * shortcut, never correctness.
 */
final class LocalTimeMapper {

    private static final Map<ZoneId, LocalTimeMapper> BY_ZONE = new ConcurrentHashMap<>();
    /** java.time offsets lie within ±18 hours. */
    private static final long MAX_OFFSET_SECONDS = 18 * 3600;
    /** A year of a DST zone has three spans; one more for a rotation that started in another year. */
    private static final int REMEMBERED_SPANS = 6;
    private static final Span[] NONE = new Span[0];

    private final ZoneId zone;
    private final ZoneRules rules;
    private Span[] spans;

    private LocalTimeMapper(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        ZoneOffset fixed = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
        this.spans = fixed == null ? NONE : new Span[] {new Span(Long.MIN_VALUE, Long.MAX_VALUE, fixed.getTotalSeconds())};
    }

    /** A shared mapper for the zone: mappers hold no state beyond a cache. */
    static LocalTimeMapper of(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return BY_ZONE.computeIfAbsent(zone, LocalTimeMapper::new);
    }

    ZoneId zone() {
        return zone;
    }

    Instant toInstant(LocalDateTime local) {
        long localSeconds = local.toEpochSecond(ZoneOffset.UTC);
        Span[] known = spans;
        for (Span s : known) {
            if (localSeconds >= s.localStart && localSeconds < s.localEnd) {
                return Instant.ofEpochSecond(localSeconds - s.offset, local.getNano());
            }
        }
        Instant instant = ZonedDateTime.ofLocal(local, zone, null).toInstant();
        Span[] updated = new Span[Math.min(known.length + 1, REMEMBERED_SPANS)];
        updated[0] = spanAround(instant);
        System.arraycopy(known, 0, updated, 1, updated.length - 1);
        spans = updated;
        return instant;
    }

    /**
     * The span of constant offset around an instant, with the local times that map into it unambiguously or as
     * the earlier of two candidates. Local times of an overlap at its start belong to the span before it (their
     * earlier instant); those of a gap belong to no span and always take the slow path.
     */
    private Span spanAround(Instant instant) {
        int offset = rules.getOffset(instant).getTotalSeconds();
        ZoneOffsetTransition previous = rules.previousTransition(Instant.ofEpochSecond(instant.getEpochSecond() + 1));
        ZoneOffsetTransition next = rules.nextTransition(instant);
        long localStart;
        if (previous == null) {
            localStart = Long.MIN_VALUE;
        } else {
            long start = previous.toEpochSecond();
            localStart = start + Math.max(offset, previous.getOffsetBefore().getTotalSeconds());
            // Spans before the previous one end at or before its start, so their local times end at most
            // 18 hours after it; after a very short span they could still reach into ours.
            ZoneOffsetTransition beforePrevious = rules.previousTransition(previous.getInstant());
            if (beforePrevious != null) {
                localStart = Math.max(localStart, beforePrevious.toEpochSecond() + MAX_OFFSET_SECONDS);
            }
        }
        long localEnd = next == null ? Long.MAX_VALUE : next.toEpochSecond() + offset;
        return new Span(localStart, localEnd, offset);
    }

    /** Local epoch seconds in [localStart, localEnd) map to the instant {@code local - offset}. */
    private record Span(long localStart, long localEnd, int offset) {
    }
}
