package dev.klaxon.notify;

import dev.klaxon.alert.AlertStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The throttle's decisions, as plain values: whether a claimed page is stale, which limits apply to a contact
 * method, whether its due pages go one per alert, wait, or go as one bundle, and when a repeating rule pages next.
 * {@link Throttle} loads the rows, asks here and stores the answer. Pure: no database, no clock.
 */
public final class ThrottlePlan {

    private ThrottlePlan() {
    }

    /**
     * One due page of a contact method.
     *
     * @param claimed true if this replica's dispatcher claimed it; false for a pending page found due beside the
     *                claimed ones, which a bundle carries too but which otherwise waits for its own claim
     */
    public record Due(UUID rowId, UUID alertId, boolean claimed) {
    }

    /** What happens to one contact method's due pages. */
    public sealed interface Plan permits Hold, PageEach, Bundle {
    }

    /** A limit is reached: every page waits until then. */
    public record Hold(PageLimiter.Decision decision) implements Plan {
    }

    /** Few enough alerts for a page each. Alerts with no claimed page are not listed: they wait for their claim. */
    public record PageEach(List<Send> sends) implements Plan {
    }

    /**
     * One alert's page goes now.
     *
     * @param lead  the first claimed page of the alert: it goes out
     * @param pages all the alert's due pages in order, lead included; the others fold into the lead
     */
    public record Send(UUID lead, List<UUID> pages) {
    }

    /** More alerts than the limits allow: one new page carries every due page of {@code alerts} alerts. */
    public record Bundle(int alerts) implements Plan {
    }

    /**
     * Why a page must not go out any more, or null if it still should.
     *
     * @param status    the alert's status, or null if the alert no longer exists
     * @param rowRound  the escalation round and step the page was written for (null for pages outside escalation)
     */
    public static String staleReason(AlertStatus status, Integer rowRound, Integer rowStep, int alertRound,
                                     int alertStep) {
        if (status == null) {
            return "the alert no longer exists";
        }
        if (status != AlertStatus.TRIGGERED) {
            return "the alert was " + status.json();
        }
        if (rowRound != null && (rowRound != alertRound || rowStep != alertStep)) {
            return "the escalation moved on";
        }
        return null;
    }

    /** The channel's limits plus the bundling threshold: past {@code threshold} pages in {@code window}, bundle. */
    public static List<PageLimiter.Limit> limits(List<PageLimiter.Limit> channel, int threshold, Duration window) {
        List<PageLimiter.Limit> limits = new ArrayList<>(channel);
        limits.add(new PageLimiter.Limit(threshold, window));
        return limits;
    }

    /** How far back dispatched pages matter to these limits. */
    public static Duration lookback(List<PageLimiter.Limit> limits, Duration window) {
        return limits.stream().map(PageLimiter.Limit::window).max(Comparator.naturalOrder()).orElse(window);
    }

    /**
     * @param due      the claimed pages first, then the pending ones found beside them
     * @param decision the limiter's answer for this contact method now
     */
    public static Plan plan(List<Due> due, PageLimiter.Decision decision) {
        if (decision.held()) {
            return new Hold(decision);
        }
        Map<UUID, List<Due>> byAlert = new LinkedHashMap<>();
        for (Due d : due) {
            byAlert.computeIfAbsent(d.alertId(), k -> new ArrayList<>()).add(d);
        }
        if (byAlert.size() > decision.allowed()) {
            return new Bundle(byAlert.size());
        }
        List<Send> sends = new ArrayList<>();
        for (List<Due> pages : byAlert.values()) {
            pages.stream().filter(Due::claimed).findFirst().ifPresent(lead ->
                    sends.add(new Send(lead.rowId(), pages.stream().map(Due::rowId).toList())));
        }
        return new PageEach(sends);
    }

    /**
     * When a repeating rule's next page goes: {@code every} after the current one was due (or after now, if that
     * is past), and only before the step escalates at {@code nextEscalationAt}.
     */
    public static Optional<Instant> nextRepeat(Instant notBefore, Duration every, Instant now, Instant nextEscalationAt) {
        Instant next = notBefore.plus(every);
        if (!next.isAfter(now)) {
            next = now.plus(every);
        }
        return next.isBefore(nextEscalationAt) ? Optional.of(next) : Optional.empty();
    }

    /** The page key of a repeat: the first page's key with {@code :r<index>}. */
    public static String repeatKey(String pageKey, int index) {
        return pageKey.replaceFirst(":r\\d+$", "") + ":r" + index;
    }
}
