package dev.klaxon.schedule;

import dev.klaxon.platform.Text;
import dev.klaxon.directory.UserDeleting;
import dev.klaxon.directory.UserService;
import dev.klaxon.platform.AuditLog;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Problem;
import dev.klaxon.platform.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Schedules and overrides; answers "who is on call" through the pure {@link OnCallCalculator}. */
@ApplicationScoped
@Transactional
public class ScheduleService {

    /** Longest window the shifts and gaps endpoints compute in one request. */
    public static final Duration MAX_WINDOW = Duration.ofDays(400);

    /**
     * Shortest elapsed shift: at PT1H a layer has at most ~9,600 shifts in the longest window, so a timeline stays
     * cheap; a PT1S layer would have 34 million. Wall-clock lengths are whole days and always longer.
     */
    public static final Duration MIN_SHIFT = Duration.ofHours(1);
    /** Longest shift, wall-clock or elapsed: about a year. */
    public static final Duration MAX_SHIFT = Duration.ofDays(366);
    static final int MAX_LAYERS = 20;
    static final int MAX_PARTICIPANTS = 200;
    static final int MAX_RESTRICTIONS = 50;
    static final int MIN_YEAR = 1900;
    static final int MAX_YEAR = 9999;
    public static final Duration MIN_HANDOFF_REMINDER = Duration.ofMinutes(1);
    public static final Duration MAX_HANDOFF_REMINDER = Duration.ofDays(7);

    @Inject
    InstantSource clock;

    @Inject
    UserService users;

    @Inject
    Event<ScheduleDeleting> deleting;

    @Inject
    EntityManager em;

    @Inject
    AuditLog audit;

    /**
     * A schedule as the API writes it; PUT replaces all of it at once. {@code handoffReminder} is an ISO-8601
     * duration or null (no reminders); {@code gapAlerts} null means on.
     */
    public record ScheduleDoc(String name, String timeZone, List<Schedule.LayerDoc> layers, String handoffReminder,
                              Boolean gapAlerts) {
    }

    public Schedule create(String name, String zone, List<Schedule.LayerDoc> layers) {
        return create(new ScheduleDoc(name, zone, layers, null, null));
    }

    public Schedule create(ScheduleDoc doc) {
        ScheduleDocCheck.Checked ok = ScheduleDocCheck.validate(doc, users);
        Schedule s = new Schedule();
        s.id = UUID.randomUUID();
        s.createdAt = clock.instant();
        apply(s, ok, doc);
        s.persist();
        audit.record("created", "schedule", s.id, "schedule " + s.name + " (" + s.timeZone + ", " + s.layers.size() + " layer(s))");
        return s;
    }

    /** Replaces name, zone and layers; the reminder and gap settings stay as they are. */
    public Schedule replace(UUID id, String name, String zone, List<Schedule.LayerDoc> layers) {
        Schedule s = require(id);
        String reminder = s.handoffReminderSeconds == null ? null : Duration.ofSeconds(s.handoffReminderSeconds).toString();
        return replace(id, new ScheduleDoc(name, zone, layers, reminder, s.gapAlerts));
    }

    /** Replaces the whole schedule, or nothing: every check runs before anything is changed. */
    public Schedule replace(UUID id, ScheduleDoc doc) {
        Schedule s = require(id);
        ScheduleDocCheck.Checked ok = ScheduleDocCheck.validate(doc, users);
        apply(s, ok, doc);
        audit.record("updated", "schedule", s.id, "schedule " + s.name + " (" + s.timeZone + ", " + s.layers.size() + " layer(s))");
        return s;
    }

    private void apply(Schedule s, ScheduleDocCheck.Checked ok, ScheduleDoc doc) {
        s.name = ok.name();
        s.timeZone = ok.zone();
        s.layers = List.copyOf(doc.layers());
        s.handoffReminderSeconds = ok.handoffReminder() == null ? null : ok.handoffReminder().toSeconds();
        s.gapAlerts = doc.gapAlerts();
        s.updatedAt = clock.instant();
    }

    public Schedule require(UUID id) {
        Schedule s = Schedule.findById(id);
        if (s == null) {
            throw KlaxonException.notFound("schedule " + id);
        }
        return s;
    }

    public boolean exists(UUID id) {
        return Schedule.findById(id) != null;
    }

    public List<Schedule> list() {
        return Schedule.list("order by name, id");
    }

    public void delete(UUID id) {
        Schedule s = require(id);
        deleting.fire(new ScheduleDeleting(id, s.name));
        StoredOverride.delete("scheduleId", id);
        s.delete();
        audit.record("deleted", "schedule", id, "schedule " + s.name);
    }

    // ---- overrides

    public StoredOverride addOverride(UUID scheduleId, UUID userId, Instant start, Instant end) {
        require(scheduleId);
        checkOverride(userId, start, end);
        StoredOverride o = new StoredOverride();
        o.id = UUID.randomUUID();
        o.scheduleId = scheduleId;
        o.userId = userId;
        o.startAt = start;
        o.endAt = end;
        o.createdAt = clock.instant();
        o.persist();
        audit.record("created", "override", o.id, users.name(userId) + " on call in schedule " + require(scheduleId).name
                + " from " + start + " to " + end);
        return o;
    }

    /** The checks {@link #addOverride} makes, as field violations {@code userId} and {@code end} in one 400. */
    private void checkOverride(UUID userId, Instant start, Instant end) {
        List<Problem.Violation> v = new ArrayList<>();
        if (!users.unknown(List.of(userId)).isEmpty()) {
            v.add(new Problem.Violation("userId", "no user " + userId));
        }
        // the API's range for every instant (Validation.EARLIEST/LATEST), here too so the console's forms and any
        // other caller get it, not only the REST resource that parses the request
        for (var t : List.of(java.util.Map.entry("start", start), java.util.Map.entry("end", end))) {
            if (t.getValue().isBefore(Validation.EARLIEST) || !t.getValue().isBefore(Validation.LATEST)) {
                v.add(new Problem.Violation(t.getKey(), "must be between " + Validation.EARLIEST + " and " + Validation.LATEST));
            }
        }
        if (!end.isAfter(start)) {
            v.add(new Problem.Violation("end", "must be after start"));
        }
        if (!v.isEmpty()) {
            throw KlaxonException.invalid(v);
        }
    }

    public List<StoredOverride> overrides(UUID scheduleId) {
        require(scheduleId);
        return StoredOverride.list("scheduleId = ?1 order by startAt, id", scheduleId);
    }

    /** One override of this schedule; 404 when it is not one. */
    public StoredOverride override(UUID scheduleId, UUID overrideId) {
        StoredOverride o = StoredOverride.findById(overrideId);
        if (o == null || !o.scheduleId.equals(scheduleId)) {
            throw KlaxonException.notFound("override " + overrideId);
        }
        return o;
    }

    public void deleteOverride(UUID scheduleId, UUID overrideId) {
        StoredOverride o = StoredOverride.findById(overrideId);
        if (o == null || !o.scheduleId.equals(scheduleId)) {
            throw KlaxonException.notFound("override " + overrideId);
        }
        o.delete();
        audit.record("deleted", "override", overrideId, "override of " + users.name(o.userId) + " from " + o.startAt
                + " to " + o.endAt);
    }

    // ---- questions

    /** Who is on call in this schedule at this instant (user ids, in layer order). */
    public List<UUID> onCall(UUID scheduleId, Instant at) {
        Schedule s = Schedule.findById(scheduleId);
        if (s == null) {
            return List.of();
        }
        return calculator(s, at, at.plusNanos(1)).onCallAt(at).stream().map(UUID::fromString).toList();
    }

    public List<Shift> shifts(UUID scheduleId, Instant from, Instant to) {
        checkWindow(from, to);
        return calculator(require(scheduleId), from, to).shifts(from, to);
    }

    public List<Gap> gaps(UUID scheduleId, Instant from, Instant to) {
        checkWindow(from, to);
        return calculator(require(scheduleId), from, to).gaps(from, to);
    }

    /**
     * One layer's own shifts in [from, to), before later layers and overrides apply (a schedule view shows each
     * layer beside the final result). {@code layer} indexes the schedule's layers; out of range is 404.
     */
    public List<Shift> layerShifts(UUID scheduleId, int layer, Instant from, Instant to) {
        checkWindow(from, to);
        Schedule s = require(scheduleId);
        if (layer < 0 || layer >= s.layers.size()) {
            throw KlaxonException.notFound("layer " + layer);
        }
        return new OnCallCalculator(ZoneId.of(s.timeZone), toLayers(List.of(s.layers.get(layer))), List.of())
                .shifts(from, to);
    }

    OnCallCalculator calculator(Schedule s, Instant from, Instant to) {
        return new OnCallCalculator(ZoneId.of(s.timeZone), toLayers(s.layers), storedOverrides(s.id, from, to));
    }

    private static List<ScheduleOverride> storedOverrides(UUID scheduleId, Instant from, Instant to) {
        return StoredOverride.<StoredOverride>list(
                        "scheduleId = ?1 and endAt > ?2 and startAt < ?3 order by startAt", scheduleId, from, to).stream()
                .map(o -> new ScheduleOverride(o.userId.toString(), o.startAt, o.endAt)).toList();
    }

    // ---- previews: what a change would do, computed by the same calculator, stored nowhere

    /**
     * The final shifts and gaps in [from, to) that this schedule document would have, without storing anything.
     * The document is checked exactly as {@link #create(ScheduleDoc)} and {@link #replace(UUID, ScheduleDoc)} check
     * it. With {@code scheduleId} (an edit of a stored schedule) that schedule's stored overrides apply as well;
     * null for a schedule not created yet.
     *
     * @throws KlaxonException invalid with the same field violations a save would give; not found for an unknown
     *                         {@code scheduleId}; invalid {@code to} for a window that is empty or longer than
     *                         {@link #MAX_WINDOW}
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public OnCallCalculator.Timeline previewSchedule(UUID scheduleId, ScheduleDoc doc, Instant from, Instant to) {
        checkWindow(from, to);
        if (scheduleId != null) {
            require(scheduleId);
        }
        ScheduleDocCheck.Checked ok = ScheduleDocCheck.validate(doc, users);
        List<ScheduleOverride> overrides = scheduleId == null ? List.of() : storedOverrides(scheduleId, from, to);
        return new OnCallCalculator(ZoneId.of(ok.zone()), toLayers(doc.layers()), overrides).timeline(from, to);
    }

    /**
     * The final shifts and gaps in [from, to) of a stored schedule if this override (user on call for [start, end))
     * were added, without storing it; checked as {@link #addOverride} checks it.
     *
     * @throws KlaxonException not found for an unknown schedule; invalid {@code userId} or {@code end} as
     *                         {@link #addOverride} would; invalid {@code to} for a bad window
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public OnCallCalculator.Timeline previewOverride(UUID scheduleId, UUID userId, Instant start, Instant end,
                                                     Instant from, Instant to) {
        checkWindow(from, to);
        Schedule s = require(scheduleId);
        checkOverride(userId, start, end);
        List<ScheduleOverride> overrides = new ArrayList<>(storedOverrides(scheduleId, from, to));
        overrides.add(new ScheduleOverride(userId.toString(), start, end));
        return new OnCallCalculator(ZoneId.of(s.timeZone), toLayers(s.layers), overrides).timeline(from, to);
    }

    private static void checkWindow(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw KlaxonException.invalid("to", "must be after from");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw KlaxonException.invalid("to", "the window may span at most " + MAX_WINDOW.toDays() + " days");
        }
    }

    // ---- for the sweeps and the calendar

    public Optional<Schedule> find(UUID id) {
        return Optional.ofNullable(Schedule.findById(id));
    }

    /** Schedules that remind people of their shifts. */
    public List<Schedule> withHandoffReminders() {
        return Schedule.list("handoffReminderSeconds is not null order by id");
    }

    /** Shifts and gaps of a schedule in [from, to), overrides included; no window limit (callers choose it). */
    public OnCallCalculator.Timeline timeline(Schedule s, Instant from, Instant to) {
        return calculator(s, from, to).timeline(from, to);
    }

    /** The layers' participants, each once, in order of first appearance. */
    public static List<UUID> participants(Schedule s) {
        LinkedHashSet<UUID> out = new LinkedHashSet<>();
        for (Schedule.LayerDoc l : s.layers) {
            l.participants().forEach(p -> out.add(UUID.fromString(p)));
        }
        return new ArrayList<>(out);
    }

    /** Schedules in which this user sits in a layer or has an override overlapping [from, to). */
    public List<Schedule> withUser(UUID userId, Instant from, Instant to) {
        String id = userId.toString();
        Set<UUID> withOverride = new LinkedHashSet<>(em.createQuery("""
                        select distinct o.scheduleId from StoredOverride o
                        where o.userId = ?1 and o.endAt > ?2 and o.startAt < ?3""", UUID.class)
                .setParameter(1, userId).setParameter(2, from).setParameter(3, to).getResultList());
        return list().stream()
                .filter(s -> withOverride.contains(s.id) || s.layers.stream().anyMatch(l -> l.participants().contains(id)))
                .toList();
    }

    /**
     * Records that these gaps of a schedule were announced and returns those that are new: a gap overlapping one
     * announced before is the same hole seen again (perhaps clipped by the check's window, perhaps grown) and is
     * not new. The schedule row is locked, so two checks at once announce each gap once.
     */
    public List<Gap> recordGapNotices(UUID scheduleId, List<Gap> gaps) {
        if (Schedule.findById(scheduleId, LockModeType.PESSIMISTIC_WRITE) == null) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Gap> fresh = new ArrayList<>();
        for (Gap g : gaps) {
            int seen = em.createNativeQuery("""
                            UPDATE schedule_gap_notice SET gap_end = GREATEST(gap_end, ?3)
                            WHERE schedule_id = ?1 AND gap_start < ?3 AND gap_end > ?2""")
                    .setParameter(1, scheduleId).setParameter(2, g.start()).setParameter(3, g.end()).executeUpdate();
            if (seen > 0) {
                continue;
            }
            int inserted = em.createNativeQuery("""
                            INSERT INTO schedule_gap_notice (schedule_id, gap_start, gap_end, notified_at)
                            VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING""")
                    .setParameter(1, scheduleId).setParameter(2, g.start()).setParameter(3, g.end())
                    .setParameter(4, now).executeUpdate();
            if (inserted == 1) {
                fresh.add(g);
            }
        }
        return fresh;
    }

    /** Forgets announcements of gaps that ended before this instant. */
    public int forgetGapNoticesBefore(Instant before) {
        return em.createNativeQuery("DELETE FROM schedule_gap_notice WHERE gap_end < ?1")
                .setParameter(1, before).executeUpdate();
    }

    void refuseDeletingReferencedUser(@Observes UserDeleting event) {
        String id = event.userId().toString();
        Set<String> names = new LinkedHashSet<>();
        for (Schedule s : list()) {
            if (s.layers.stream().anyMatch(l -> l.participants().contains(id))) {
                names.add(s.name);
            }
        }
        List<StoredOverride> overrides = StoredOverride.list("userId", event.userId());
        for (StoredOverride o : overrides) {
            Schedule s = Schedule.findById(o.scheduleId);
            if (s != null) names.add(s.name + " (override)");
        }
        if (!names.isEmpty()) {
            throw KlaxonException.conflict(event.name() + " is on schedules " + names
                    + "; take them off those schedules first");
        }
    }

    // ---- documents ↔ calculator values

    /**
     * A restriction's day as the API accepts it: the full English name or its first three letters, any case
     * ("MON", "monday", "Mon").
     *
     * @throws IllegalArgumentException for anything else
     */
    public static DayOfWeek day(String name) {
        return ScheduleDocCheck.day(name);
    }

    static List<Layer> toLayers(List<Schedule.LayerDoc> docs) {
        List<Layer> out = new ArrayList<>();
        for (Schedule.LayerDoc d : docs) {
            List<Restriction> restrictions = new ArrayList<>();
            for (Schedule.RestrictionDoc r : d.restrictions() == null ? List.<Schedule.RestrictionDoc>of() : d.restrictions()) {
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                if (r.days() != null) {
                    r.days().forEach(day -> days.add(ScheduleDocCheck.day(day)));
                }
                restrictions.add(new Restriction(days, LocalTime.parse(r.start()), LocalTime.parse(r.end())));
            }
            out.add(new Layer(d.name(), LocalDateTime.parse(d.rotationStart()), ShiftLength.parse(d.shiftLength()),
                    List.copyOf(d.participants()), restrictions));
        }
        return out;
    }
}
