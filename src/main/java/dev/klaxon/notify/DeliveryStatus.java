package dev.klaxon.notify;

import dev.klaxon.directory.ContactType;

import java.util.Locale;
import java.util.Map;

/**
 * What a provider's status word means for a page. Statuses only move forward: each has a rank, and a callback
 * whose status ranks below the one recorded arrived late and changes nothing. Pure.
 */
public final class DeliveryStatus {

    public enum Outcome {
        /** On its way (queued, ringing, sent to the carrier…). */
        PROGRESS,
        /** A human got it: handset receipt for SMS, a key press on a call. */
        DELIVERED,
        /** It did not reach a human: the next contact method takes over. */
        NOT_DELIVERED
    }

    private static final Map<String, Integer> CALL_RANK = Map.ofEntries(
            Map.entry("queued", 0), Map.entry("initiated", 1), Map.entry("ringing", 2), Map.entry("answered", 3),
            Map.entry("in-progress", 3), Map.entry("completed", 4), Map.entry("busy", 4), Map.entry("no-answer", 4),
            Map.entry("failed", 4), Map.entry("canceled", 4));
    private static final Map<String, Integer> SMS_RANK = Map.ofEntries(
            Map.entry("accepted", 0), Map.entry("scheduled", 0), Map.entry("queued", 0), Map.entry("sending", 1),
            Map.entry("sent", 2), Map.entry("delivered", 3), Map.entry("undelivered", 3), Map.entry("failed", 3),
            Map.entry("canceled", 3), Map.entry("read", 4));

    private DeliveryStatus() {
    }

    /** -1 for a status this channel does not know (ignored). */
    public static int rank(String channel, String status) {
        if (status == null) {
            return -1;
        }
        Map<String, Integer> ranks = ContactType.VOICE.name().equals(channel) ? CALL_RANK : SMS_RANK;
        return ranks.getOrDefault(status.toLowerCase(Locale.ROOT), -1);
    }

    /**
     * A call that completed counts as delivered only when someone pressed a key; that is recorded by the key press
     * itself, so a plain "completed" here means nobody did.
     */
    public static Outcome outcome(String channel, String status) {
        String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
        if (ContactType.VOICE.name().equals(channel)) {
            return switch (s) {
                case "completed", "busy", "no-answer", "failed", "canceled" -> Outcome.NOT_DELIVERED;
                default -> Outcome.PROGRESS;
            };
        }
        return switch (s) {
            case "delivered", "read" -> Outcome.DELIVERED;
            case "undelivered", "failed", "canceled" -> Outcome.NOT_DELIVERED;
            default -> Outcome.PROGRESS;
        };
    }

    /** Words for the timeline. */
    public static String describe(String channel, String status) {
        String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
        if (ContactType.VOICE.name().equals(channel)) {
            return switch (s) {
                case "completed" -> "the call ended without a key press";
                case "busy" -> "the line was busy";
                case "no-answer" -> "nobody answered";
                case "failed" -> "the call could not be placed";
                case "canceled" -> "the call was canceled";
                case "in-progress", "answered" -> "the call was answered";
                default -> "call " + s;
            };
        }
        return switch (s) {
            case "delivered" -> "delivered to the phone";
            case "read" -> "read";
            case "undelivered" -> "the carrier could not deliver it";
            case "failed" -> "Twilio could not send it";
            default -> "SMS " + s;
        };
    }
}
