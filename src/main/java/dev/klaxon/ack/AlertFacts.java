package dev.klaxon.ack;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.Link;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What a woken engineer reads about one alert before tapping, as HTML for the ack and bundle pages: service,
 * when it started in the reader's zone and how long ago, source, and the monitor's links (only http(s) ones
 * tappable). Pure: values in, escaped HTML out.
 */
final class AlertFacts {

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("EEE d MMM HH:mm z", Locale.ENGLISH);

    private AlertFacts() {
    }

    /** A {@code dl} of service, started (in {@code zone}, and how long before {@code now}), source and, if given, next. */
    static String facts(Alert a, String service, ZoneId zone, Instant now, String next) {
        StringBuilder b = new StringBuilder("<dl class=\"facts\">");
        fact(b, "Service", service == null ? "?" : service);
        fact(b, "Started", STARTED.format(a.createdAt.atZone(zone)) + " (" + ago(a.createdAt, now) + ")");
        if (a.source != null) fact(b, "Source", a.source);
        if (next != null) fact(b, "Next", next);
        return b.append("</dl>").toString();
    }

    /** The monitor's links under a heading of the given level ("h2", "h3"); empty when there are none. */
    static String links(List<Link> links, String heading) {
        if (links == null || links.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<" + heading + ">Links</" + heading + "><ul class=\"links\">");
        for (Link l : links) {
            String text = Html.escape(l.text() == null || l.text().isBlank() ? l.href() : l.text());
            b.append("<li>").append(l.pointsToWeb() ? "<a href=\"" + Html.escape(l.href().strip())
                    + "\" rel=\"noopener noreferrer\" target=\"_blank\">" + text + "</a>" : text).append("</li>");
        }
        return b.append("</ul>").toString();
    }

    private static void fact(StringBuilder b, String name, String value) {
        b.append("<dt>").append(Html.escape(name)).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
    }

    static String ago(Instant t, Instant now) {
        long m = Math.max(0, Duration.between(t, now).toMinutes());
        return m < 1 ? "just now" : m < 60 ? m + " min ago" : m < 1440 ? m / 60 + " h " + m % 60 + " min ago" : m / 1440 + " d ago";
    }
}
