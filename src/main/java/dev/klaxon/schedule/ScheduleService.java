package dev.klaxon.schedule;

import dev.klaxon.directory.UserDeleting;
import dev.klaxon.directory.UserService;
import dev.klaxon.platform.AuditLog;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** Schedules and overrides; answers "who is on call" through the pure {@link OnCallCalculator}. */
@ApplicationScoped
@Transactional
public class ScheduleService {

    /** Longest window the shifts and gaps endpoints compute in one request. */
    public static final Duration MAX_WINDOW = Duration.ofDays(400);

    @Inject
    InstantSource clock;

    @Inject
    UserService users;

    @Inject
    Event<ScheduleDeleting> deleting;

    @Inject
    AuditLog audit;

    public Schedule create(String name, String zone, List<Schedule.LayerDoc> layers) {
        validate(zone, layers);
        Schedule s = new Schedule();
        s.id = UUID.randomUUID();
        s.name = name;
        s.timeZone = zone;
        s.layers = layers;
        s.createdAt = clock.instant();
        s.updatedAt = s.createdAt;
        s.persist();
        audit.record("created", "schedule", s.id, "schedule " + name + " (" + zone + ", " + layers.size() + " layer(s))");
        return s;
    }

    public Schedule replace(UUID id, String name, String zone, List<Schedule.LayerDoc> layers) {
        Schedule s = require(id);
        validate(zone, layers);
        s.name = name;
        s.timeZone = zone;
        s.layers = layers;
        s.updatedAt = clock.instant();
        audit.record("updated", "schedule", s.id, "schedule " + name + " (" + zone + ", " + layers.size() + " layer(s))");
        return s;
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
        OverrideEntity.delete("scheduleId", id);
        s.delete();
        audit.record("deleted", "schedule", id, "schedule " + s.name);
    }

    // ---- overrides

    public OverrideEntity addOverride(UUID scheduleId, UUID userId, Instant start, Instant end) {
        require(scheduleId);
        users.require(userId);
        if (!end.isAfter(start)) {
            throw KlaxonException.invalid("end", "must be after start");
        }
        OverrideEntity o = new OverrideEntity();
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

    public List<OverrideEntity> overrides(UUID scheduleId) {
        require(scheduleId);
        return OverrideEntity.list("scheduleId = ?1 order by startAt, id", scheduleId);
    }

    public void deleteOverride(UUID scheduleId, UUID overrideId) {
        OverrideEntity o = OverrideEntity.findById(overrideId);
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

    OnCallCalculator calculator(Schedule s, Instant from, Instant to) {
        List<ScheduleOverride> overrides = OverrideEntity.<OverrideEntity>list(
                        "scheduleId = ?1 and endAt > ?2 and startAt < ?3 order by startAt", s.id, from, to).stream()
                .map(o -> new ScheduleOverride(o.userId.toString(), o.startAt, o.endAt)).toList();
        return new OnCallCalculator(ZoneId.of(s.timeZone), toLayers(s.layers), overrides);
    }

    private static void checkWindow(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw KlaxonException.invalid("to", "must be after from");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw KlaxonException.invalid("to", "the window may span at most " + MAX_WINDOW.toDays() + " days");
        }
    }

    void refuseDeletingReferencedUser(@Observes UserDeleting event) {
        String id = event.userId().toString();
        Set<String> names = new LinkedHashSet<>();
        for (Schedule s : list()) {
            if (s.layers.stream().anyMatch(l -> l.participants().contains(id))) {
                names.add(s.name);
            }
        }
        List<OverrideEntity> overrides = OverrideEntity.list("userId", event.userId());
        for (OverrideEntity o : overrides) {
            Schedule s = Schedule.findById(o.scheduleId);
            if (s != null) names.add(s.name + " (override)");
        }
        if (!names.isEmpty()) {
            throw KlaxonException.conflict(event.name() + " is on schedules " + names
                    + "; take them off those schedules first");
        }
    }

    // ---- documents ↔ calculator values

    static List<Layer> toLayers(List<Schedule.LayerDoc> docs) {
        List<Layer> out = new ArrayList<>();
        for (Schedule.LayerDoc d : docs) {
            List<Restriction> restrictions = new ArrayList<>();
            for (Schedule.RestrictionDoc r : d.restrictions() == null ? List.<Schedule.RestrictionDoc>of() : d.restrictions()) {
                Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
                if (r.days() != null) {
                    r.days().forEach(day -> days.add(day(day)));
                }
                restrictions.add(new Restriction(days, LocalTime.parse(r.start()), LocalTime.parse(r.end())));
            }
            out.add(new Layer(d.name(), LocalDateTime.parse(d.rotationStart()), ShiftLength.parse(d.shiftLength()),
                    List.copyOf(d.participants()), restrictions));
        }
        return out;
    }

    static DayOfWeek day(String s) {
        String u = s.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(u) || d.name().startsWith(u) && u.length() == 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day " + s);
    }

    /** Every problem with a schedule document, as field violations; nothing is stored unless all is well. */
    void validate(String zone, List<Schedule.LayerDoc> layers) {
        List<Problem.Violation> v = new ArrayList<>();
        if (layers == null) {
            v.add(new Problem.Violation("layers", "is required"));
            throw KlaxonException.invalid(v);
        }
        List<UUID> participants = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Schedule.LayerDoc l = layers.get(i);
            String f = "layers[" + i + "]";
            if (l == null) {
                v.add(new Problem.Violation(f, "must be an object"));
                continue;
            }
            if (l.name() != null && l.name().length() > 200) v.add(new Problem.Violation(f + ".name", "must be at most 200 characters"));
            try {
                LocalDateTime.parse(String.valueOf(l.rotationStart()));
            } catch (RuntimeException e) {
                v.add(new Problem.Violation(f + ".rotationStart", "must be a local date-time such as 2026-01-05T09:00"));
            }
            try {
                ShiftLength.parse(String.valueOf(l.shiftLength()));
            } catch (RuntimeException e) {
                v.add(new Problem.Violation(f + ".shiftLength", e.getMessage() == null
                        ? "must be a positive ISO-8601 period (P1D, P1W) or duration (PT12H)" : e.getMessage()));
            }
            if (l.participants() == null || l.participants().isEmpty()) {
                v.add(new Problem.Violation(f + ".participants", "must name at least one user"));
            } else {
                for (int p = 0; p < l.participants().size(); p++) {
                    try {
                        participants.add(UUID.fromString(l.participants().get(p)));
                    } catch (RuntimeException e) {
                        v.add(new Problem.Violation(f + ".participants[" + p + "]", "must be a user id"));
                    }
                }
            }
            if (l.restrictions() != null) {
                for (int r = 0; r < l.restrictions().size(); r++) {
                    Schedule.RestrictionDoc rd = l.restrictions().get(r);
                    String rf = f + ".restrictions[" + r + "]";
                    if (rd == null) {
                        v.add(new Problem.Violation(rf, "must be an object"));
                        continue;
                    }
                    time(v, rf + ".start", rd.start());
                    time(v, rf + ".end", rd.end());
                    if (rd.days() != null) {
                        for (String d : rd.days()) {
                            try {
                                day(String.valueOf(d));
                            } catch (RuntimeException e) {
                                v.add(new Problem.Violation(rf + ".days", "unknown day " + d + "; use MON … SUN"));
                            }
                        }
                    }
                }
            }
        }
        if (v.isEmpty()) {
            List<UUID> unknown = users.unknown(participants);
            if (!unknown.isEmpty()) {
                v.add(new Problem.Violation("layers.participants", "unknown users " + unknown));
            }
        }
        if (!v.isEmpty()) {
            throw KlaxonException.invalid(v);
        }
    }

    private static void time(List<Problem.Violation> v, String field, String value) {
        try {
            LocalTime.parse(String.valueOf(value));
        } catch (RuntimeException e) {
            v.add(new Problem.Violation(field, "must be a local time such as 09:00"));
        }
    }
}
