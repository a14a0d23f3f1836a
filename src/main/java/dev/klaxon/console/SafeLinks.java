package dev.klaxon.console;

import dev.klaxon.alert.Link;

import java.util.ArrayList;
import java.util.List;

/**
 * The links a monitor sent with an alert, as tappable links: only absolute http(s) URLs (a {@code javascript:} or
 * {@code data:} link from a webhook body must never become clickable); others are shown as text.
 */
public final class SafeLinks {

    private SafeLinks() {
    }

    public static List<Views.LinkView> of(List<Link> links) {
        List<Views.LinkView> out = new ArrayList<>();
        if (links == null) {
            return out;
        }
        for (Link l : links) {
            if (l == null || l.href() == null) continue;
            String text = l.text() == null || l.text().isBlank() ? l.href() : l.text();
            out.add(new Views.LinkView(l.pointsToWeb() ? l.href() : null, text));
        }
        return out;
    }
}
