package dev.klaxon.alert;

import java.net.URI;

/** A link a monitor sent with an alert (dashboard, runbook). */
public record Link(String href, String text) {

    /**
     * Whether {@code href} is an absolute http(s) URL with a host. Only such links become tappable in pages; a
     * {@code javascript:} or {@code data:} link from a webhook body is shown as text.
     */
    public boolean pointsToWeb() {
        if (href == null) {
            return false;
        }
        try {
            URI u = URI.create(href.strip());
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
