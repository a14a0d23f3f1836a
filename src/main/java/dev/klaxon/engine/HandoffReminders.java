package dev.klaxon.engine;

import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.notify.Outbox;
import dev.klaxon.notify.Page;
import dev.klaxon.notify.render.ScheduleNoticeText;
import dev.klaxon.schedule.Schedule;
import dev.klaxon.schedule.ScheduleService;
import dev.klaxon.schedule.Shift;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reminds the incoming on-call user, through quiet channels, that their shift starts soon — for schedules that ask
 * for it ({@code handoffReminder}). One cluster-wide sweep a minute; the outbox page key makes it once per shift
 * and contact method, whichever replica or run gets there first.
 */
@ApplicationScoped
public class HandoffReminders {

    private static final Logger LOG = Logger.getLogger(HandoffReminders.class);
    /** How far past a shift's start the sweep looks for its end, to name it in the reminder. */
    static final Duration END_LOOKAHEAD = Duration.ofDays(31);

    @Inject
    ScheduleService schedules;

    @Inject
    UserService users;

    @Inject
    Outbox outbox;

    @Inject
    InstantSource clock;

    @Scheduled(identity = "handoff-reminders", every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        runOnce();
    }

    /** Writes the reminders due now; returns how many outbox rows are new. */
    public int runOnce() {
        Instant now = clock.instant();
        int written = 0;
        try {
            List<UUID> ids = QuarkusTransaction.requiringNew()
                    .call(() -> schedules.withHandoffReminders().stream().map(s -> s.id).toList());
            for (UUID id : ids) {
                try {
                    written += QuarkusTransaction.requiringNew().call(() -> remind(id, now));
                } catch (RuntimeException e) {
                    LOG.warnf("handoff reminders of schedule %s failed, next sweep retries: %s", id, e.toString());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("handoff reminder sweep failed, next one retries: %s", e.toString());
        }
        return written;
    }

    /** Shifts that start in (now, now + reminder] get their reminder. */
    private int remind(UUID scheduleId, Instant now) {
        Schedule s = schedules.find(scheduleId).orElse(null);
        if (s == null || s.handoffReminderSeconds == null) {
            return 0;
        }
        Instant horizon = now.plus(Duration.ofSeconds(s.handoffReminderSeconds));
        Instant to = horizon.plus(END_LOOKAHEAD);
        // A shift starting exactly at 'now' may have been cut by the window: only later starts are real starts.
        List<Shift> starting = schedules.timeline(s, now, to).shifts().stream()
                .filter(sh -> sh.start().isAfter(now) && !sh.start().isAfter(horizon)).toList();
        if (starting.isEmpty()) {
            return 0;
        }
        Map<UUID, User> byId = users.byIds(starting.stream().map(sh -> UUID.fromString(sh.userId())).distinct().toList());
        int written = 0;
        for (Shift sh : starting) {
            User u = byId.get(UUID.fromString(sh.userId()));
            if (u == null) {
                continue;
            }
            ZoneId zone = zoneOf(u, s);
            String subject = ScheduleNoticeText.handoffSubject(s.name, sh.start(), zone);
            String body = ScheduleNoticeText.handoff(s.name, sh.start(), sh.end(), sh.end().isBefore(to), zone);
            for (ContactMethod cm : users.quietContactMethods(u.id)) {
                String key = "handoff:" + s.id + ":" + sh.start() + ":" + u.id + ":" + cm.id;
                if (outbox.enqueue(new Page(key, null, u.id, cm.id, cm.type.name(), cm.address, subject, body, null, now))) {
                    written++;
                }
            }
        }
        return written;
    }

    /** Times read best in the reader's own zone; the schedule's zone when the user's is unusable. */
    static ZoneId zoneOf(User u, Schedule s) {
        try {
            return ZoneId.of(u.timeZone);
        } catch (RuntimeException e) {
            return ZoneId.of(s.timeZone);
        }
    }
}
