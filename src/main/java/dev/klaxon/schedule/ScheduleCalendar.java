package dev.klaxon.schedule;

import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** iCalendar views of schedules: one schedule's shifts, or one user's shifts across every schedule. */
@ApplicationScoped
@Transactional
public class ScheduleCalendar {

    /** A feed shows shifts from this long ago… */
    public static final Duration PAST = Duration.ofDays(30);
    /** …to this far ahead. */
    public static final Duration AHEAD = Duration.ofDays(90);
    /**
     * Shifts are computed from this long before the window, so a shift that began before it keeps its real start,
     * and with it its UID, from one fetch to the next (only shifts longer than a year are cut).
     */
    static final Duration LOOKBACK = Duration.ofDays(366);
    /** …and until this long after it, so that a shift running past the window shows its real end. */
    static final Duration LOOKAHEAD = Duration.ofDays(31);

    @Inject
    ScheduleService schedules;

    @Inject
    UserService users;

    @Inject
    InstantSource clock;

    public String forSchedule(UUID scheduleId) {
        Schedule s = schedules.require(scheduleId);
        Instant now = clock.instant();
        List<Shift> shifts = shifts(s, now);
        Map<UUID, User> names = users.byIds(shifts.stream().map(sh -> UUID.fromString(sh.userId())).distinct().toList());
        List<ICalendarRenderer.Event> events = new ArrayList<>();
        for (Shift sh : shifts) {
            User u = names.get(UUID.fromString(sh.userId()));
            events.add(event(s, sh, u == null ? "deleted user" : u.name));
        }
        return ICalendarRenderer.render("Klaxon: " + s.name, s.timeZone, events, now);
    }

    public String forUser(UUID userId) {
        User u = users.require(userId);
        Instant now = clock.instant();
        List<ICalendarRenderer.Event> events = new ArrayList<>();
        for (Schedule s : schedules.withUser(userId, now.minus(PAST).minus(LOOKBACK), now.plus(AHEAD).plus(LOOKAHEAD))) {
            for (Shift sh : shifts(s, now)) {
                if (sh.userId().equals(userId.toString())) {
                    events.add(event(s, sh, u.name));
                }
            }
        }
        events.sort(Comparator.comparing(ICalendarRenderer.Event::start).thenComparing(ICalendarRenderer.Event::uid));
        return ICalendarRenderer.render("Klaxon: " + u.name + " on call", u.timeZone, events, now);
    }

    /** The schedule's final shifts that overlap [now − PAST, now + AHEAD), with their real starts and ends. */
    private List<Shift> shifts(Schedule s, Instant now) {
        Instant from = now.minus(PAST);
        Instant to = now.plus(AHEAD);
        return schedules.timeline(s, from.minus(LOOKBACK), to.plus(LOOKAHEAD)).shifts().stream()
                .filter(sh -> sh.end().isAfter(from) && sh.start().isBefore(to))
                .toList();
    }

    private static ICalendarRenderer.Event event(Schedule s, Shift sh, String userName) {
        return new ICalendarRenderer.Event(uid(s.id, sh),
                userName + " on call for " + s.name,
                "Klaxon pages " + userName + " for the schedule " + s.name + " (" + s.timeZone + ") during this shift.",
                sh.start(), sh.end());
    }

    /** Stable while the shift starts at the same instant: clients then update the event instead of adding one. */
    static String uid(UUID scheduleId, Shift sh) {
        return "shift-" + scheduleId + "-" + sh.userId() + "-" + sh.start().getEpochSecond() + "@klaxon";
    }
}
