package dev.klaxon.ack;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** One human answer, from any surface, applied to an alert; returns words to say back. */
@ApplicationScoped
@Transactional
public class AlertActions {

    @Inject
    AlertService alerts;

    public record Result(Alert alert, boolean changed, String message) {
    }

    public Result apply(UUID alertId, SmsReply.Verb verb, String actor, String surface) {
        boolean changed = switch (verb) {
            case ACKNOWLEDGE -> alerts.acknowledge(alertId, actor, surface);
            case RESOLVE -> alerts.resolve(alertId, actor, surface);
            case ESCALATE -> alerts.escalate(alertId, actor, surface);
        };
        Alert a = alerts.require(alertId);
        String what = switch (verb) {
            case ACKNOWLEDGE -> changed ? "Acknowledged" : "Already " + a.status.json();
            case RESOLVE -> changed ? "Resolved" : "Already resolved";
            case ESCALATE -> changed ? "Escalated" : "Cannot escalate: already " + a.status.json();
        };
        return new Result(a, changed, what + " #" + a.number + ": " + shortSummary(a.summary));
    }

    static String shortSummary(String s) {
        return s.length() > 100 ? s.substring(0, 99) + "…" : s;
    }

    public static boolean open(Alert a) {
        return a.status != AlertStatus.RESOLVED;
    }
}
