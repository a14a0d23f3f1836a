package dev.klaxon.engine;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertEvents;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.ContactType;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.escalation.EscalationPolicy;
import dev.klaxon.escalation.EscalationPolicyService;
import dev.klaxon.notify.Failover;
import dev.klaxon.notify.Outbox;
import dev.klaxon.notify.Page;
import dev.klaxon.notify.render.AckLinks;
import dev.klaxon.notify.render.PageText;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides who is paged and when. Runs inside the transaction that changed the alert: step 0 is written to the
 * outbox in the ingest transaction, so a committed alert always has its first pages queued.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EscalationEngine {

    @Inject
    InstantSource clock;

    @Inject
    AlertService alerts;

    @Inject
    ServiceService services;

    @Inject
    EscalationPolicyService policies;

    @Inject
    UserService users;

    @Inject
    Outbox outbox;

    @Inject
    AckLinks links;

    @Inject
    MaintenanceGate maintenance;

    void onTriggered(@Observes AlertEvents.Triggered e) {
        Alert a = alerts.lock(e.alertId());
        page(a, 0, 0);
    }

    void onEscalateRequested(@Observes AlertEvents.EscalateRequested e) {
        advance(alerts.lock(e.alertId()));
    }

    void onStopped(@Observes AlertEvents.Stopped e) {
        int canceled = outbox.cancelPending(e.alertId());
        if (canceled > 0) {
            alerts.log(e.alertId(), "pages-canceled", null, canceled + " pending page(s) canceled");
        }
    }

    /** The alert's current step timed out (or someone asked to escalate): page the next step. */
    public void advance(Alert a) {
        page(a, a.escalationRound, a.escalationStep + 1);
    }

    /** Whether the alert's policy has a step after its current one in this pass. */
    public boolean hasLaterStep(Alert a) {
        Service service = services.find(a.serviceId);
        EscalationPolicy policy = service == null ? null : policies.find(service.escalationPolicyId);
        return policy != null && a.escalationStep + 1 < policy.steps.size();
    }

    private void page(Alert a, int round, int step) {
        Instant now = clock.instant();
        if (maintenance.defer(a, round, step, now)) {
            return;
        }
        Service service = services.find(a.serviceId);
        EscalationPolicy policy = service == null ? null : policies.find(service.escalationPolicyId);
        if (policy == null || policy.steps.isEmpty()) {
            alerts.setEscalation(a, round, step, null);
            alerts.log(a, "escalation-stopped", null, "No escalation policy to follow; nobody was paged");
            return;
        }
        List<EscalationPolicy.Step> steps = policy.steps;
        while (true) {
            if (step >= steps.size()) {
                if (round < policy.repeatCount) {
                    round++;
                    step = 0;
                    alerts.log(a, "escalation-repeat", null, "Escalation policy " + policy.name + " starts again (pass "
                            + (round + 1) + " of " + (policy.repeatCount + 1) + ")");
                } else {
                    alerts.setEscalation(a, round, steps.size() - 1, null);
                    alerts.log(a, "escalation-exhausted", null, "Escalation policy " + policy.name
                            + " has no more steps; the alert stays open without further pages");
                    return;
                }
            }
            EscalationPolicy.Step s = steps.get(step);
            int written = pageUsers(a, round, step, policies.resolveTargets(s, now), now);
            if (written > 0) {
                alerts.setEscalation(a, round, step, now.plus(s.delayDuration()));
                return;
            }
            alerts.log(a, "escalation-skip", null, "Step " + (step + 1) + " has nobody to page; escalating at once");
            step++;
        }
    }

    /**
     * Writes one outbox row per due contact method of each user; a repeating rule's row carries its interval (the
     * dispatcher writes each next occurrence while the step lasts). Pending pages of earlier steps stop here:
     * rules keep going only until the escalation moves on. @return rows written.
     */
    private int pageUsers(Alert a, int round, int step, List<UUID> userIds, Instant now) {
        int superseded = outbox.cancelSupersededSteps(a.id, round, step);
        if (superseded > 0) {
            alerts.log(a, "pages-canceled", null, superseded + " pending page(s) of the previous step canceled");
        }
        int written = 0;
        Map<UUID, User> byId = users.byIds(userIds);
        for (UUID userId : userIds) {
            User u = byId.get(userId);
            if (u == null) {
                continue;
            }
            List<UserService.PageTarget> targets = users.pageTargets(userId);
            if (targets.isEmpty()) {
                alerts.log(a, "page-skipped", null, u.name + " has no contact method that can be paged");
                continue;
            }
            String token = links.token(a.id, userId);
            List<String> what = new ArrayList<>();
            for (UserService.PageTarget t : targets) {
                String key = a.pageKeyPrefix() + ":" + round + ":" + step + ":" + userId + ":" + t.method().id + ":"
                        + (t.ruleId() == null ? "-" : t.ruleId());
                if (outbox.enqueue(render(a, userId, t.method(), token, key, now.plus(t.delay()), round, step, t.repeat()))) {
                    written++;
                    what.add(t.method().type + " " + t.method().address
                            + (t.delay().isZero() ? "" : " after " + words(t.delay()))
                            + (t.repeat() == null ? "" : ", again every " + words(t.repeat())));
                }
            }
            if (!what.isEmpty()) {
                alerts.log(a, "paged", null, "Step " + (step + 1) + ": paging " + u.name + " by " + String.join(", ", what));
            }
        }
        return written;
    }

    /**
     * A page to this user failed and nothing later of the step was waiting: page the next contact method not yet
     * tried for this step now — the user's rules first, then any other confirmed contact method.
     */
    void onHandOver(@Observes Failover.Requested e) {
        Alert a = alerts.lock(e.alertId());
        if (a.status != AlertStatus.TRIGGERED) {
            return;
        }
        List<ContactMethod> candidates = new ArrayList<>();
        users.pageTargets(e.userId()).forEach(t -> candidates.add(t.method()));
        candidates.addAll(users.pageableMethods(e.userId()));
        ContactMethod next = candidates.stream().filter(m -> !e.alreadyPaged().contains(m.id)).findFirst().orElse(null);
        if (next == null) {
            alerts.log(a, "handover", null, e.reason() + "; " + users.name(e.userId())
                    + " has no other contact method left for this step"
                    + (a.nextEscalationAt == null ? "" : "; the next step follows at " + a.nextEscalationAt));
            return;
        }
        int round = e.round() == null ? a.escalationRound : e.round();
        int step = e.step() == null ? a.escalationStep : e.step();
        String key = a.pageKeyPrefix() + ":" + round + ":" + step + ":" + e.userId() + ":" + next.id + ":handover";
        if (outbox.enqueue(render(a, e.userId(), next, links.token(a.id, e.userId()), key, clock.instant(), round, step, null))) {
            alerts.log(a, "handover", null, e.reason() + "; handing over to " + next.type + " " + next.address + " now");
        }
    }

    private static String words(java.time.Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    private Page render(Alert a, UUID userId, ContactMethod method, String token, String key, Instant notBefore,
                        int round, int step, java.time.Duration repeat) {
        String sev = a.severity.json();
        ContactType type = method.type;
        String ackUrl = links.ackUrl(token);
        String body = switch (type) {
            case SMS -> PageText.sms(a.number, sev, a.summary, ackUrl);
            case VOICE -> PageText.spoken(a.number, sev, a.summary);
            default -> PageText.subject(a.number, sev, a.summary) + "\n\n" + PageText.oneLine(a.summary)
                    + "\n\nAcknowledge: " + ackUrl;
        };
        String actionUrl = type == ContactType.VOICE ? links.voiceUrl(token) : ackUrl;
        return new Page(key, a.id, userId, method.id, type.name(), method.address,
                PageText.subject(a.number, sev, a.summary), body, actionUrl, notBefore, round, step, repeat, 0);
    }
}
