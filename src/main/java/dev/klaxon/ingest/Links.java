package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klaxon.alert.Link;

import java.util.ArrayList;
import java.util.List;

/**
 * The one parser of a payload's {@code links: [{href, text?}]} (Klaxon's format and PagerDuty's Events API v2 share
 * the shape), and the one rule for a link a mapper adds itself. Only http(s) URLs up to 2,000 characters are kept,
 * so a link in a page or on the alert page can never run script; texts are cleaned and cut to 255 characters.
 */
final class Links {

    /** Links kept per alert; every entry is still checked. */
    static final int MAX = 20;
    static final int MAX_HREF = 2000;
    static final int MAX_TEXT = 255;

    private Links() {
    }

    /**
     * @param n the {@code links} node, or null
     * @return the first {@value #MAX} valid links; a bad entry adds a violation naming it ({@code links[2].href})
     */
    static List<Link> parse(Json j, JsonNode n) {
        List<Link> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            j.add("links", "must be an array of {href, text}");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode l = n.get(i);
            String f = "links[" + i + "]";
            if (!l.isObject() || !l.path("href").isTextual()) {
                j.add(f + ".href", "is required and must be a string");
                continue;
            }
            String href = Json.clean(l.get("href").asText());
            if (!isWebUrl(href)) {
                j.add(f + ".href", "must be an http(s) URL");
                continue;
            }
            JsonNode t = l.get("text");
            if (t != null && !t.isNull() && !t.isTextual()) {
                j.add(f + ".text", "must be a string");
                continue;
            }
            if (out.size() < MAX) {
                out.add(new Link(href, t == null || t.isNull() ? null : Json.truncate(Json.clean(t.asText()), MAX_TEXT)));
            }
        }
        return out;
    }

    /** Adds a link a mapper found in a payload (runbook, source, sender) if it is a web URL not already listed. */
    static void add(List<Link> links, String href, String text) {
        if (href != null && isWebUrl(href) && links.stream().noneMatch(l -> l.href().equals(href))) {
            links.add(new Link(href, text));
        }
    }

    static boolean isWebUrl(String href) {
        return (href.startsWith("http://") || href.startsWith("https://")) && href.length() <= MAX_HREF;
    }
}
