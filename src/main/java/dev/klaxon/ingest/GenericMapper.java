package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.Link;
import dev.klaxon.alert.Severity;
import dev.klaxon.platform.KlaxonException;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Klaxon's own format: {action, dedupKey?, summary, severity?, source?, details?, links?}. */
public final class GenericMapper implements PayloadMapper {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public AlertEvent map(JsonNode body) {
        Json j = new Json();
        if (!body.isObject()) {
            throw KlaxonException.invalid("", "the body must be a JSON object");
        }
        String actionText = j.text(body, "action", true, 20);
        AlertEvent.Action action = null;
        if (actionText != null) {
            try {
                action = AlertEvent.Action.valueOf(actionText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                j.add("action", "must be trigger, acknowledge or resolve");
            }
        }
        String dedupKey = j.text(body, "dedupKey", action != null && action != AlertEvent.Action.TRIGGER, Json.MAX_DEDUP_KEY);
        String summary = j.text(body, "summary", action == AlertEvent.Action.TRIGGER, Json.MAX_SUMMARY);
        String severityText = j.text(body, "severity", false, 20);
        Severity severity = Severity.CRITICAL;
        if (severityText != null) {
            try {
                severity = Severity.parse(severityText);
            } catch (IllegalArgumentException e) {
                j.add("severity", "must be critical, error, warning or info");
            }
        }
        String source = j.text(body, "source", false, 255);
        Map<String, Object> details = null;
        JsonNode d = body.get("details");
        if (d != null && !d.isNull()) {
            if (!d.isObject()) {
                j.add("details", "must be an object");
            } else {
                details = MAPPER.convertValue(d, Map.class);
            }
        }
        List<Link> links = Links.parse(j, body.get("links"));
        j.fail();
        if (dedupKey == null) {
            dedupKey = Json.digestKey("summary:", summary);
        }
        return new AlertEvent(action, dedupKey, summary, severity, source, details, links, null);
    }
}
