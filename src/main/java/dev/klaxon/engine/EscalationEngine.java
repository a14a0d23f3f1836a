package dev.klaxon.engine;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertSignals;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.alert.TimelineKind;
import dev.klaxon.alert.FurtherSteps;
import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.ContactType;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.escalation.EscalationPlan;
import dev.klaxon.escalation.EscalationPolicy;
import dev.klaxon.escalation.EscalationPolicyService;
import dev.klaxon.notify.Failover;
import dev.klaxon.notify.Outbox;
import dev.klaxon.notify.Page;
import dev.klaxon.notify.render.AckLinks;
import dev.klaxon.notify.render.PageText;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntPredicate;

/**
 * Pages who {@link EscalationPlan} says, when it says: loads the alert, its policy and who the steps resolve to,
 * asks the plan, writes the pages and the timeline, and stores the escalation position. Runs inside the transaction that changed the alert: step 0 is written to the
 * outbox in the ingest transaction, so a committed alert always has its first pages queued.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EscalationEngine implements FurtherSteps {

    @Inject
    InstantSource clock;

    @Inject
    AlertService alerts;

    @Inject
    ServiceCatalog services;

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

    void onTriggered(@Observes AlertSignals.Triggered e) {
        Alert a = alerts.lock(e.alertId());
        page(a, 0, 0);
    }

    void onEscalateRequested(@Observes AlertSignals.EscalateRequested e) {
        advance(alerts.lock(e.alertId()));
    }

    void onStopped(@Observes AlertSignals.Stopped e) {
        int canceled = outbox.cancelPending(e.alertId());
        if (canceled > 0) {
            alerts.log(e.alertId(), TimelineKind.PAGES_CANCELED, null, canceled + " pending page(s) canceled");
        }
    }

    /** A step after the current one, or another pass of the policy; a step with nobody to page still counts. */
    @Override
    public boolean exist(Alert a) {
        Service service = services.find(a.serviceId);
        EscalationPolicy policy = service == null ? null : policies.find(service.escalationPolicyId);
        if (policy == null || policy.steps.isEmpty()) {
            return false;
        }
        return a.escalationStep + 1 < policy.steps.size() || a.escalationRound < policy.repeatCount;
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
        EscalationPlan.Policy shape = policy == null ? null : EscalationPlan.Policy.of(policy);
        // who each step resolves to, and their page targets: read once, for the plan and then for the pages
        Map<Integer, List<UUID>> resolved = new HashMap<>();
        Map<UUID, List<UserService.PageTarget>> targets = new HashMap<>();
        IntPredicate reachable = i -> {
            List<UUID> ids = resolved.computeIfAbsent(i, k -> policies.resolveTargets(policy.steps.get(k), now));
            Map<UUID, User> byId = users.byIds(ids);
            return ids.stream().anyMatch(id -> byId.containsKey(id) && !targetsOf(id, targets).isEmpty());
        };
        while (true) {
            EscalationPlan.Plan plan = EscalationPlan.plan(shape, round, step, reachable, now);
            for (EscalationPlan.Move m : plan.moves()) {
                if (m instanceof EscalationPlan.Restart r) {
                    alerts.log(a, TimelineKind.ESCALATION_REPEAT, null, "Escalation policy " + policy.name + " starts again (pass "
                            + (r.round() + 1) + " of " + (policy.repeatCount + 1) + ")");
                } else if (m instanceof EscalationPlan.Skip k) {
                    pageUsers(a, k.round(), k.step(), resolved.get(k.step()), targets, now);
                    alerts.log(a, TimelineKind.ESCALATION_SKIP, null, "Step " + (k.step() + 1) + " has nobody to page; escalating at once");
                }
            }
            EscalationPlan.Outcome o = plan.outcome();
            if (o instanceof EscalationPlan.NoPolicy) {
                alerts.setEscalation(a, round, step, null);
                alerts.log(a, TimelineKind.ESCALATION_STOPPED, null, "No escalation policy to follow; nobody was paged");
                return;
            }
            if (o instanceof EscalationPlan.Exhausted x) {
                alerts.setEscalation(a, x.round(), x.lastStep(), null);
                alerts.log(a, TimelineKind.ESCALATION_EXHAUSTED, null, "Escalation policy " + policy.name
                        + " has no more steps; the alert stays open without further pages");
                return;
            }
            EscalationPlan.PageStep p = (EscalationPlan.PageStep) o;
            if (pageUsers(a, p.round(), p.step(), resolved.get(p.step()), targets, now) > 0) {
                alerts.setEscalation(a, p.round(), p.step(), p.nextDue());
                return;
            }
            // every page of the step was written before (same keys): as good as nobody to page
            alerts.log(a, TimelineKind.ESCALATION_SKIP, null, "Step " + (p.step() + 1) + " has nobody to page; escalating at once");
            round = p.round();
            step = p.step() + 1;
        }
    }

    private List<UserService.PageTarget> targetsOf(UUID userId, Map<UUID, List<UserService.PageTarget>> cache) {
        return cache.computeIfAbsent(userId, users::pageTargets);
    }

    /**
     * Writes one outbox row per due contact method of each user; a repeating rule's row carries its interval (the
     * dispatcher writes each next occurrence while the step lasts). Pending pages of earlier steps stop here:
     * rules keep going only until the escalation moves on. @return rows written.
     */
    private int pageUsers(Alert a, int round, int step, List<UUID> userIds,
                          Map<UUID, List<UserService.PageTarget>> targetCache, Instant now) {
        int superseded = outbox.cancelSupersededSteps(a.id, round, step);
        if (superseded > 0) {
            alerts.log(a, TimelineKind.PAGES_CANCELED, null, superseded + " pending page(s) of the previous step canceled");
        }
        int written = 0;
        Map<UUID, User> byId = users.byIds(userIds);
        for (UUID userId : userIds) {
            User u = byId.get(userId);
            if (u == null) {
                continue;
            }
            List<UserService.PageTarget> targets = targetsOf(userId, targetCache);
            if (targets.isEmpty()) {
                alerts.log(a, TimelineKind.PAGE_SKIPPED, null, u.name + " has no contact method that can be paged");
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
                alerts.log(a, TimelineKind.PAGED, null, "Step " + (step + 1) + ": paging " + u.name + " by " + String.join(", ", what));
            }
        }
        return written;
    }

    /**
     * A page to this user failed and nothing later of the step was waiting: page the next contact method not yet
     * tried for this step now — the user's rules first, then any other confirmed contact method.
     */
    void onFailoverRequested(@Observes Failover.Requested e) {
        Alert a = alerts.lock(e.alertId());
        if (a.status != AlertStatus.TRIGGERED) {
            return;
        }
        List<ContactMethod> candidates = new ArrayList<>();
        users.pageTargets(e.userId()).forEach(t -> candidates.add(t.method()));
        candidates.addAll(users.pageableMethods(e.userId()));
        ContactMethod next = candidates.stream().filter(m -> !e.alreadyPaged().contains(m.id)).findFirst().orElse(null);
        if (next == null) {
            alerts.log(a, TimelineKind.HANDOVER, null, e.reason() + "; " + users.name(e.userId())
                    + " has no other contact method left for this step"
                    + (a.nextEscalationAt == null ? "" : "; the escalation moves on at " + a.nextEscalationAt));
            return;
        }
        int round = e.round() == null ? a.escalationRound : e.round();
        int step = e.step() == null ? a.escalationStep : e.step();
        String key = a.pageKeyPrefix() + ":" + round + ":" + step + ":" + e.userId() + ":" + next.id + ":handover";
        if (outbox.enqueue(render(a, e.userId(), next, links.token(a.id, e.userId()), key, clock.instant(), round, step, null))) {
            alerts.log(a, TimelineKind.HANDOVER, null, e.reason() + "; handing over to " + next.type + " " + next.address + " now");
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
