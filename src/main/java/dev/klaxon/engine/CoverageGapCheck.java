package dev.klaxon.engine;

import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.ContactType;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.escalation.EscalationPolicyService;
import dev.klaxon.notify.Outbox;
import dev.klaxon.notify.Page;
import dev.klaxon.notify.render.ScheduleNoticeText;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.schedule.Gap;
import dev.klaxon.schedule.Schedule;
import dev.klaxon.schedule.ScheduleService;
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
 * Finds times in the coming days when a schedule that an escalation policy pages has nobody on call, and tells the
 * schedule's participants while there is time to fix it — through quiet channels, once per gap: each run announces
 * only gaps that overlap none announced before, all of a schedule's new gaps in one message.
 */
@ApplicationScoped
public class CoverageGapCheck {

    private static final Logger LOG = Logger.getLogger(CoverageGapCheck.class);
    /** Announcements of gaps that ended this long ago are forgotten. */
    static final Duration KEEP_NOTICES = Duration.ofDays(30);

    @Inject
    EscalationPolicyService policies;

    @Inject
    ScheduleService schedules;

    @Inject
    UserService users;

    @Inject
    Outbox outbox;

    @Inject
    KlaxonConfig config;

    @Inject
    InstantSource clock;

    @Scheduled(identity = "coverage-gap-check", cron = "${klaxon.schedules.gap-check-cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        runOnce();
    }

    /** Checks every schedule a policy targets; returns how many outbox rows it wrote. */
    public int runOnce() {
        Instant now = clock.instant();
        Instant horizon = now.plus(config.schedules().gapCheckHorizon());
        int written = 0;
        try {
            List<UUID> ids = QuarkusTransaction.requiringNew().call(policies::targetedSchedules);
            for (UUID id : ids) {
                try {
                    written += QuarkusTransaction.requiringNew().call(() -> check(id, now, horizon));
                } catch (RuntimeException e) {
                    LOG.warnf("coverage gap check of schedule %s failed: %s", id, e.toString());
                }
            }
            QuarkusTransaction.requiringNew().run(() -> schedules.forgetGapNoticesBefore(now.minus(KEEP_NOTICES)));
        } catch (RuntimeException e) {
            LOG.warnf("coverage gap check failed: %s", e.toString());
        }
        return written;
    }

    private int check(UUID scheduleId, Instant now, Instant horizon) {
        Schedule s = schedules.find(scheduleId).orElse(null);
        if (s == null || !s.gapAlertsOn()) {
            return 0;
        }
        List<Gap> gaps = schedules.timeline(s, now, horizon).gaps();
        if (gaps.isEmpty()) {
            return 0;
        }
        List<Gap> fresh = schedules.recordGapNotices(scheduleId, gaps);
        if (fresh.isEmpty()) {
            return 0;
        }
        LOG.infof("schedule %s has %d new coverage gap(s) in the next %s", s.name, fresh.size(),
                Duration.between(now, horizon));
        Map<UUID, User> byId = users.byIds(ScheduleService.participants(s));
        int written = 0;
        for (UUID userId : ScheduleService.participants(s)) {
            User u = byId.get(userId);
            if (u == null) {
                continue;
            }
            ZoneId zone = HandoffReminders.zoneOf(u, s);
            String subject = ScheduleNoticeText.gapSubject(s.name);
            for (ContactMethod cm : users.quietContactMethods(userId)) {
                String body = cm.type == ContactType.SMS
                        ? ScheduleNoticeText.gapsShort(s.name, fresh, horizon, zone)
                        : ScheduleNoticeText.gaps(s.name, fresh, horizon, zone);
                // the first new gap was recorded just now, so this key has never been used
                String key = "gap:" + s.id + ":" + fresh.get(0).start() + ":" + userId + ":" + cm.id;
                if (outbox.enqueue(new Page(key, null, userId, cm.id, cm.type.name(), cm.address, subject, body, null, now))) {
                    written++;
                }
            }
        }
        return written;
    }
}
