package dev.klaxon.engine;

import dev.klaxon.alert.TimelineKind;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import dev.klaxon.notify.DeliveryHealth;
import dev.klaxon.platform.KlaxonConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.InstantSource;

/**
 * When nobody in an alert's current step can be reached — every page of the step failed for good, or has been held
 * by a failing provider for {@code klaxon.dispatch.unreachable-after} — the escalation moves to the next step at
 * once instead of waiting out the step's delay, and says why on the timeline. The step's own pages keep being
 * retried until the alert is acknowledged or resolved. Only when the policy has a later step in this pass: starting
 * the policy over would page the same unreachable people again.
 */
@ApplicationScoped
public class UnreachableSteps {

    /** Candidates looked at per sweep; a last step (nothing to hand on to) stays a candidate, so this is generous. */
    static final int BATCH = 1000;

    @Inject
    DeliveryHealth health;

    @Inject
    AlertService alerts;

    @Inject
    EscalationEngine engine;

    @Inject
    KlaxonConfig config;

    @Inject
    InstantSource clock;

    /** Hands on every unreachable current step; returns how many. */
    public int handOn() {
        return QuarkusTransaction.requiringNew().call(() -> {
            int n = 0;
            for (DeliveryHealth.UnreachableStep s : health.unreachableSteps(
                    clock.instant().minus(config.dispatch().unreachableAfter()), BATCH)) {
                Alert a = alerts.lock(s.alertId());
                if (a == null || a.status != AlertStatus.TRIGGERED || a.escalationRound != s.round()
                        || a.escalationStep != s.step() || a.nextEscalationAt == null || !engine.hasLaterStep(a)) {
                    continue;
                }
                int carried = health.carryOver(a.id, s.round(), s.step());
                alerts.log(a, TimelineKind.ESCALATED, null, "Nobody in step " + (s.step() + 1) + " can be reached ("
                        + String.join("; ", s.pages()) + "): escalating now instead of at " + a.nextEscalationAt
                        + (carried == 0 ? "" : "; step " + (s.step() + 1) + "'s " + carried
                        + " page(s) keep being retried"));
                engine.advance(a);
                n++;
            }
            return n;
        });
    }
}
