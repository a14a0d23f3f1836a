package dev.klaxon.platform;

import java.time.ZoneId;
import java.util.regex.Pattern;

/** Which time-zone names Klaxon accepts: IANA region names the JDK has rules for. */
public final class TimeZones {

    /** Area/Location names (Europe/Berlin, America/Argentina/Buenos_Aires, Etc/GMT+5) and single words (UTC). */
    private static final Pattern IANA = Pattern.compile("[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+)*");

    private TimeZones() {
    }

    /**
     * Libraries may register zone providers of their own (ical4j adds placeholder ids with no rules), so being listed
     * by {@link ZoneId#getAvailableZoneIds()} is not enough: the name must look like IANA's and its rules must load.
     */
    public static boolean isIana(String id) {
        if (id == null || id.length() > 64 || !IANA.matcher(id).matches() || !ZoneId.getAvailableZoneIds().contains(id)) {
            return false;
        }
        try {
            return ZoneId.of(id).getRules() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
