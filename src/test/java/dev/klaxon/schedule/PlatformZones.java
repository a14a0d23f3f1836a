package dev.klaxon.schedule;

import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;

import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A time-zone registry for parsing calendars in tests that resolves TZIDs to the JDK's zones. ical4j's default one
 * registers about a thousand placeholder zone ids with the JVM, which would leak into every test sharing it.
 */
final class PlatformZones implements TimeZoneRegistry {

    private final Map<String, TimeZone> zones = new ConcurrentHashMap<>();

    @Override
    public void register(TimeZone timezone) {
        zones.put(timezone.getID(), timezone);
    }

    @Override
    public void register(TimeZone timezone, boolean update) {
        register(timezone);
    }

    @Override
    public void clear() {
        zones.clear();
    }

    @Override
    public TimeZone getTimeZone(String id) {
        return zones.get(id);
    }

    @Override
    public Map<String, ZoneRules> getZoneRules() {
        return Map.of();
    }

    @Override
    public ZoneId getZoneId(String tzId) {
        return ZoneId.of(tzId);
    }

    @Override
    public String getTzId(String zoneId) {
        return zoneId;
    }
}
