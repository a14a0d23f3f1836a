package dev.klaxon.schedule;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.component.Standard;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Name;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.TzId;
import net.fortuna.ical4j.model.property.TzName;
import net.fortuna.ical4j.model.property.TzOffsetFrom;
import net.fortuna.ical4j.model.property.TzOffsetTo;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableTransp;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes on-call shifts as an RFC 5545 calendar: one VEVENT per shift, times in UTC, the reader's zone as a display
 * hint (X-WR-TIMEZONE). Shifts are transparent: being on call does not make anyone look busy. Lines are folded at
 * 75 octets ({@link ContentLines}).
 *
 * <p>ical4j's time-zone registry is never touched: loading it registers about a thousand placeholder zone ids with
 * the JVM (its ZoneRulesProvider), whose rules are null, and every {@code ZoneId.getAvailableZoneIds()} caller — our
 * zone validation, the calculator — would see them. UTC times need no VTIMEZONE.
 */
final class ICalendarRenderer {

    /** One shift: a UID that stays the same while the shift does, so that subscribed clients update in place. */
    record Event(String uid, String summary, String description, Instant start, Instant end) {
    }

    static final String PRODUCT_ID = "-//Klaxon//On-call schedules//EN";
    /** How often subscribed clients should fetch again; Google and Outlook decide for themselves, others listen. */
    static final Duration REFRESH = Duration.ofHours(1);

    private ICalendarRenderer() {
    }

    static String render(String name, String zone, List<Event> events, Instant stamp) {
        Instant dtstamp = stamp.truncatedTo(ChronoUnit.SECONDS);
        Calendar cal = new Calendar();
        cal.add(new ProdId(PRODUCT_ID));
        cal.add(ImmutableVersion.VERSION_2_0);
        cal.add(ImmutableCalScale.GREGORIAN);
        cal.add(new Name(name));
        cal.add(new XProperty("X-WR-CALNAME", name));
        cal.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), REFRESH));
        cal.add(new XProperty("X-PUBLISHED-TTL", REFRESH.toString()));
        cal.add(new XProperty("X-WR-TIMEZONE", zone));
        if (events.isEmpty()) {
            // RFC 5545 wants at least one component; a UTC definition is true and harmless
            cal.add(utc());
        }
        for (Event e : events) {
            VEvent v = new VEvent(e.start(), e.end(), e.summary());
            v.replace(new DtStamp(dtstamp));
            v.add(new Uid(e.uid()));
            v.add(new Description(e.description()));
            v.add(ImmutableTransp.TRANSPARENT);
            cal.add(v);
        }
        // Calendar.toString() is the unfolded text CalendarOutputter would write; we fold it by octets (ContentLines).
        return ContentLines.fold(cal.toString());
    }

    private static VTimeZone utc() {
        Standard standard = new Standard();
        standard.add(new DtStart<>(LocalDateTime.of(1970, 1, 1, 0, 0)));
        standard.add(new TzOffsetFrom(ZoneOffset.UTC));
        standard.add(new TzOffsetTo(ZoneOffset.UTC));
        standard.add(new TzName("UTC"));
        VTimeZone utc = new VTimeZone();
        utc.add(new TzId("UTC"));
        utc.add(standard);
        return utc;
    }
}
