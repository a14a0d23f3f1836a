package dev.klaxon.ack;

import dev.klaxon.platform.Text;
import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.AlertStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** One human answer, from any surface, applied to an alert; returns words to say back. */
@ApplicationScoped
@Transactional
public class AlertActions {

    @Inject
    AlertService alerts;

    public record Result(Alert alert, boolean changed, String message) {
    }

    public Result apply(UUID alertId, SmsReply.Verb verb, String actor, String surface) {
        AlertService.Escalation escalation = verb == SmsReply.Verb.ESCALATE ? alerts.escalate(alertId, actor, surface) : null;
        boolean changed = switch (verb) {
            case ACKNOWLEDGE -> alerts.acknowledge(alertId, actor, surface);
            case RESOLVE -> alerts.resolve(alertId, actor, surface);
            case ESCALATE -> escalation == AlertService.Escalation.ESCALATED;
        };
        Alert a = alerts.require(alertId);
        if (escalation == AlertService.Escalation.NO_FURTHER_STEP) {
            // the truth, or the responder believes someone else has it
            return new Result(a, false, "Not escalated #" + a.number + ": no further step in the policy, it stays with you ("
                    + a.status.json() + "): " + shortSummary(a.summary));
        }
        String what = switch (verb) {
            case ACKNOWLEDGE -> changed ? "Acknowledged" : "Already " + a.status.json();
            case RESOLVE -> changed ? "Resolved" : "Already resolved";
            case ESCALATE -> changed ? "Escalated" : "Cannot escalate: already " + a.status.json();
        };
        return new Result(a, changed, what + " #" + a.number + ": " + shortSummary(a.summary));
    }

    /** What acknowledging many alerts at once did. */
    public record BulkResult(List<Long> acknowledged, int alreadyDone, String message) {
    }

    /**
     * Acknowledges every alert of these that is still triggered (the answer to a bundled page: "aa", the bundle
     * link, key 4 on a bundled call); the message names them, briefly.
     */
    public BulkResult acknowledgeAll(Collection<UUID> alertIds, String actor, String surface) {
        List<Long> done = new ArrayList<>();
        int already = 0;
        for (UUID id : alertIds) {
            Alert a = alerts.require(id);
            if (a.status == AlertStatus.TRIGGERED && alerts.acknowledge(id, actor, surface)) {
                done.add(a.number);
            } else {
                already++;
            }
        }
        Collections.sort(done);
        String message;
        if (done.isEmpty()) {
            message = alertIds.isEmpty() ? "No alert was sent to you recently."
                    : "Nothing to acknowledge: all " + alertIds.size() + " alert(s) were already acknowledged or resolved.";
        } else {
            String numbers = done.stream().limit(10).map(n -> "#" + n).collect(Collectors.joining(", "))
                    + (done.size() > 10 ? " and " + (done.size() - 10) + " more" : "");
            message = "Acknowledged " + done.size() + " alert" + (done.size() == 1 ? "" : "s") + ": " + numbers
                    + (already > 0 ? " (" + already + " already acknowledged or resolved)" : "") + ".";
        }
        return new BulkResult(done, already, message);
    }

    static String shortSummary(String s) {
        return Text.shorten(s, 100);
    }

    public static boolean open(Alert a) {
        return a.status != AlertStatus.RESOLVED;
    }
}
