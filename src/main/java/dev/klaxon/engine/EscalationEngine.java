package dev.klaxon.engine;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertLifecycle;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertSignals;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.alert.TimelineKind;
import dev.klaxon.alert.FurtherSteps;
import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.UserService;
import dev.klaxon.escalation.EscalationPlan;
import dev.klaxon.escalation.EscalationPolicy;
import dev.klaxon.escalation.EscalationPolicyService;
import dev.klaxon.notify.Failover;
import dev.klaxon.notify.Outbox;
import dev.klaxon.notify.render.AckLinks;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Reacts to what happens to an alert: a trigger pages step 0, a timed-out step or an escalate request the next one,
 * an acknowledgement cancels pending pages, a failed page hands over to the user's next contact method. Paging
 * itself — who {@link EscalationPlan} says, when it says — is {@link StepPager}'s, for one alert or a batch. Runs
 * inside the transaction that changed the alert: step 0 is written to the outbox in the ingest transaction, so a
 * committed alert always has its first pages queued.
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
    StepPager pager;

    @Inject
    AlertLifecycle lifecycle;

    void onTriggered(@Observes AlertSignals.Triggered e) {
        Alert a = alerts.lock(e.alertId());
        pager.page(List.of(StepPager.Start.at(a, 0, 0)));
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
        pager.page(List.of(StepPager.Start.at(a, a.escalationRound, a.escalationStep + 1)));
    }

    /**
     * The escalation sweep's claimed batch of due alerts, all paged together ({@link StepPager}): each alert's
     * timeline first says why its next step is paged now — its maintenance ended, or its step was not acknowledged
     * within its delay.
     */
    public void advanceDue(List<Alert> due) {
        List<StepPager.Start> starts = new ArrayList<>(due.size());
        for (Alert a : due) {
            boolean resumed = lifecycle.resumePaging(a);
            starts.add(new StepPager.Start(a, a.escalationRound, a.escalationStep + 1,
                    resumed ? TimelineKind.MAINTENANCE_ENDED : TimelineKind.ESCALATED,
                    resumed ? "Maintenance over and the alert is still open: paging starts"
                            : "Step " + (a.escalationStep + 1) + " was not acknowledged within its delay: escalating"));
        }
        pager.page(starts);
    }

    /** Whether the alert's policy has a step after its current one in this pass. */
    public boolean hasLaterStep(Alert a) {
        Service service = services.find(a.serviceId);
        EscalationPolicy policy = service == null ? null : policies.find(service.escalationPolicyId);
        return policy != null && a.escalationStep + 1 < policy.steps.size();
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
        if (outbox.enqueue(pager.render(a, e.userId(), next, links.token(a.id, e.userId()), key, clock.instant(), round, step, null))) {
            alerts.log(a, TimelineKind.HANDOVER, null, e.reason() + "; handing over to " + next.type + " " + next.address + " now");
        }
    }
}
