package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.Link;
import dev.klaxon.alert.Severity;
import dev.klaxon.platform.Problem;
import dev.klaxon.platform.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Klaxon's own format: {action, dedupKey?, summary, severity?, source?, details?, links?}. */
public final class GenericMapper implements PayloadMapper {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Longest link kept as a link, in characters. */
    static final int MAX_HREF = 2000;

    @Override
    public AlertEvent map(JsonNode body) throws InvalidPayload {
        Json j = new Json();
        if (!body.isObject()) {
            throw new InvalidPayload(List.of(new Problem.Violation("", "the body must be a JSON object")));
        }
        String actionText = j.text(body, "action", true, 20);
        AlertEvent.Action action = null;
        if (actionText != null) {
            try {
                action = AlertEvent.Action.valueOf(actionText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                j.violations.add(new Problem.Violation("action", "must be trigger, acknowledge or resolve"));
            }
        }
        String dedupKey = j.dedupKey("dedupKey",
                j.text(body, "dedupKey", action != null && action != AlertEvent.Action.TRIGGER, Integer.MAX_VALUE));
        String summary = j.text(body, "summary", action == AlertEvent.Action.TRIGGER, Integer.MAX_VALUE);
        String severityText = j.text(body, "severity", false, 20);
        Severity severity = Severity.CRITICAL;
        if (severityText != null) {
            try {
                severity = Severity.parse(severityText);
            } catch (IllegalArgumentException e) {
                j.violations.add(new Problem.Violation("severity", "must be critical, error, warning or info"));
            }
        }
        String source = j.shortened(body, "source", "source", false, 255);
        Map<String, Object> details = null;
        JsonNode d = body.get("details");
        if (d != null && !d.isNull()) {
            if (!d.isObject()) {
                j.violations.add(new Problem.Violation("details", "must be an object"));
            } else {
                details = MAPPER.convertValue(d, Map.class);
            }
        }
        List<Link> links = links(j, body.get("links"));
        j.fail();
        if (dedupKey == null) {
            dedupKey = Json.digestKey("summary:", summary); // from the full text: two long summaries that differ late stay two alerts
        }
        summary = j.shorten("summary", summary, Json.MAX_SUMMARY);
        return new AlertEvent(action, dedupKey, summary, severity, source, j.keepFullText(details), links, null);
    }

    static List<Link> links(Json j, JsonNode n) {
        List<Link> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            j.violations.add(new Problem.Violation("links", "must be an array of {href, text}"));
            return out;
        }
        for (int i = 0; i < n.size() && i < 20; i++) {
            JsonNode l = n.get(i);
            String f = "links[" + i + "]";
            if (!l.isObject() || !l.path("href").isTextual()) {
                j.violations.add(new Problem.Violation(f + ".href", "is required and must be a string"));
                continue;
            }
            String href = Json.clean(l.get("href").asText());
            if (!(href.startsWith("http://") || href.startsWith("https://"))) {
                j.violations.add(new Problem.Violation(f + ".href", "must be an http(s) URL"));
                continue;
            }
            if (Text.longerThan(href, MAX_HREF)) {
                j.fullText.put(f + ".href", href); // a URL cut short would lead somewhere else: keep it only in details
                continue;
            }
            String text = l.path("text").isTextual() ? j.shorten(f + ".text", Json.clean(l.get("text").asText()), 255) : null;
            out.add(new Link(href, text));
        }
        return out;
    }
}
