package dev.klaxon.check;

import dev.klaxon.alert.Severity;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a probe's result calls for an alert, and the words for it. Pure.
 *
 * @param summary null when ok
 */
public record Verdict(boolean ok, Severity severity, String summary) {

    public static Verdict of(CheckType type, String target, ProbeResult r, Duration window, Instant now) {
        String what = type == CheckType.TLS_CERTIFICATE ? "TLS certificate of " + target : "Domain registration of " + target;
        if (r.expiresAt() == null) {
            String check = type == CheckType.TLS_CERTIFICATE ? "TLS check of " : "Domain expiry check of ";
            return new Verdict(false, Severity.ERROR, check + target + " failed: " + r.error());
        }
        if (!r.expiresAt().isAfter(now)) {
            return new Verdict(false, Severity.CRITICAL, what + " expired at " + r.expiresAt());
        }
        Duration left = Duration.between(now, r.expiresAt());
        if (left.compareTo(window) <= 0) {
            return new Verdict(false, Severity.WARNING, what + " expires in " + words(left) + " (" + r.expiresAt() + ")");
        }
        return new Verdict(true, null, null);
    }

    static String words(Duration d) {
        if (d.toDays() >= 2) return d.toDays() + " days";
        if (d.toHours() >= 2) return d.toHours() + " hours";
        return Math.max(1, d.toMinutes()) + " minutes";
    }
}
