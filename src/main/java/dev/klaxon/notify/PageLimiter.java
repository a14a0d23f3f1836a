package dev.klaxon.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many pages one contact method may get now, and until when the rest wait. Pure: the caller supplies the
 * times earlier pages to that contact method went out (newest first).
 */
public final class PageLimiter {

    /** At most {@code count} pages within any {@code window}. */
    public record Limit(int count, Duration window) {
        public Limit {
            if (count < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a limit needs a positive count and window");
            }
        }

        /** "3/PT15M". */
        public static Limit parse(String s) {
            String[] parts = s.strip().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a rate limit is count/ISO-8601 duration, e.g. 3/PT15M: " + s);
            }
            return new Limit(Integer.parseInt(parts[0].strip()), Duration.parse(parts[1].strip().toUpperCase(Locale.ROOT)));
        }

        /** A setting's list; "none" (or nothing) means no limit. */
        public static List<Limit> parseAll(List<String> values) {
            List<Limit> out = new ArrayList<>();
            for (String v : values) {
                if (!v.isBlank() && !v.strip().equalsIgnoreCase("none")) {
                    out.add(parse(v));
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return count + " per " + window.toString().substring(2).toLowerCase(Locale.ROOT);
        }
    }

    /** {@code allowed} pages may go now (0: none); when 0, the next may go at {@code heldUntil}, because of {@code reason}. */
    public record Decision(int allowed, Instant heldUntil, String reason) {
        public boolean held() {
            return allowed == 0;
        }
    }

    private PageLimiter() {
    }

    /**
     * @param limits         the contact method's limits (its channel's, plus the bundling threshold)
     * @param dispatched     when earlier pages went out, newest first
     * @param lastBundle     when the newest bundled page went out, or null: while a storm goes on, the next bundle
     *                       waits a whole {@code bundleWindow} so that one message covers what came meanwhile
     * @param bundleWindow   the bundling window
     */
    public static Decision decide(List<Limit> limits, List<Instant> dispatched, Instant lastBundle,
                                  Duration bundleWindow, Instant now) {
        int allowed = Integer.MAX_VALUE;
        Instant until = null;
        String reason = null;
        for (Limit l : limits) {
            Instant since = now.minus(l.window());
            int recent = (int) dispatched.stream().filter(t -> t.isAfter(since)).count();
            if (recent >= l.count()) {
                // the count-th newest page leaves the window at +window; from then on one more fits
                Instant free = dispatched.get(l.count() - 1).plus(l.window());
                if (until == null || free.isAfter(until)) {
                    until = free;
                    reason = "rate limit " + l;
                }
                allowed = 0;
            } else {
                allowed = Math.min(allowed, l.count() - recent);
            }
        }
        if (lastBundle != null && bundleWindow != null && lastBundle.plus(bundleWindow).isAfter(now)) {
            Instant free = lastBundle.plus(bundleWindow);
            if (until == null || free.isAfter(until)) {
                until = free;
                reason = "a bundle went out at " + lastBundle + "; the next one waits for the window to close";
            }
            allowed = 0;
        }
        return allowed == 0 ? new Decision(0, until, reason) : new Decision(allowed, null, null);
    }
}
