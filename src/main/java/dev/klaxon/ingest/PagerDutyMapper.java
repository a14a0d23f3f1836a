package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.Link;
import dev.klaxon.alert.Severity;
import dev.klaxon.platform.KlaxonException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * PagerDuty Events API v2 alert events: {@code event_action} trigger / acknowledge / resolve, {@code dedup_key}
 * (at most 255 characters; PagerDuty generates one for a trigger without it, and so do we), and for a trigger a
 * {@code payload} with {@code summary}, {@code source} and {@code severity}. {@code custom_details}, {@code images},
 * {@code links} and the sending {@code client} are kept. {@code routing_key} picks the integration at
 * {@code /v2/enqueue} and is not part of the alert.
 */
public final class PagerDutyMapper implements PayloadMapper {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Supplier<String> newDedupKey;

    public PagerDutyMapper() {
        this(() -> UUID.randomUUID().toString().replace("-", ""));
    }

    /** @param newDedupKey makes the key of a trigger that came without one (PagerDuty: a random UUID) */
    public PagerDutyMapper(Supplier<String> newDedupKey) {
        this.newDedupKey = newDedupKey;
    }

    @Override
    public AlertEvent map(JsonNode body) {
        Json j = new Json();
        if (!body.isObject()) {
            throw KlaxonException.invalid("", "the body must be an Events API v2 object");
        }
        String actionText = j.text(body, "event_action", true, 20);
        AlertEvent.Action action = null;
        if (actionText != null) {
            action = switch (actionText) {
                case "trigger" -> AlertEvent.Action.TRIGGER;
                case "acknowledge" -> AlertEvent.Action.ACKNOWLEDGE;
                case "resolve" -> AlertEvent.Action.RESOLVE;
                default -> {
                    j.add("event_action", "must be trigger, acknowledge or resolve");
                    yield null;
                }
            };
        }
        boolean trigger = action == AlertEvent.Action.TRIGGER;
        String dedupKey = j.text(body, "dedup_key", action != null && !trigger, Json.MAX_DEDUP_KEY);
        if (dedupKey != null && dedupKey.isBlank()) {
            dedupKey = null; // a blank key on a trigger is no key
        }
        JsonNode rk = body.get("routing_key");
        if (rk != null && !rk.isNull() && !rk.isTextual()) {
            j.add("routing_key", "must be a string");
        }
        if (action == null) {
            j.fail();
        }
        if (!trigger) {
            // PagerDuty ignores the payload of acknowledge and resolve events; so do we.
            j.fail();
            return new AlertEvent(action, dedupKey, null, Severity.CRITICAL, null, null, List.of(), null);
        }

        JsonNode payload = body.get("payload");
        String summary = null;
        String source = null;
        Severity severity = null;
        Map<String, Object> details = new LinkedHashMap<>();
        if (payload == null || payload.isNull()) {
            j.add("payload", "is required for a trigger event");
        } else if (!payload.isObject()) {
            j.add("payload", "must be an object");
        } else {
            Json p = new Json();
            summary = p.text(payload, "summary", true, Json.MAX_SUMMARY);
            source = p.text(payload, "source", true, 1024);
            String severityText = p.text(payload, "severity", true, 20);
            if (severityText != null) {
                severity = switch (severityText) {
                    case "critical" -> Severity.CRITICAL;
                    case "error" -> Severity.ERROR;
                    case "warning" -> Severity.WARNING;
                    case "info" -> Severity.INFO;
                    default -> {
                        p.add("severity", "must be critical, error, warning or info");
                        yield null;
                    }
                };
            }
            details.put("source", source);
            for (String field : List.of("timestamp", "component", "group", "class")) {
                details.put(field, p.text(payload, field, false, 1024));
            }
            JsonNode custom = payload.get("custom_details");
            if (custom != null && !custom.isNull()) {
                // PagerDuty shows any JSON here; senders put strings as well as objects
                details.put("custom_details", MAPPER.convertValue(custom, Object.class));
            }
            p.violations().forEach(x -> j.add("payload." + x.field(), x.message()));
        }
        List<Link> links = Links.parse(j, body.get("links"));
        List<Map<String, Object>> images = images(j, body.get("images"));
        String client = j.text(body, "client", false, 255);
        String clientUrl = j.text(body, "client_url", false, 2000);
        if (clientUrl != null && !(clientUrl.startsWith("http://") || clientUrl.startsWith("https://"))) {
            j.add("client_url", "must be an http(s) URL");
        }
        j.fail();

        if (!images.isEmpty()) {
            details.put("images", images);
        }
        if (client != null) {
            details.put("client", client);
        }
        if (clientUrl != null) {
            details.put("client_url", clientUrl);
            Links.add(links, clientUrl, client != null ? client : "Client");
        }
        details.values().removeIf(java.util.Objects::isNull);
        if (dedupKey == null) {
            dedupKey = newDedupKey.get();
        }
        return new AlertEvent(action, dedupKey, Json.clean(summary), severity, Json.truncate(Json.clean(source), 255),
                details, links, null);
    }

    private static List<Map<String, Object>> images(Json j, JsonNode n) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            j.add("images", "must be an array of {src, href?, alt?}");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode img = n.get(i);
            String f = "images[" + i + "]";
            if (!img.isObject() || !img.path("src").isTextual()) {
                j.add(f + ".src", "is required and must be a string");
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (String field : List.of("src", "href", "alt")) {
                JsonNode v = img.get(field);
                if (v != null && !v.isNull() && !v.isTextual()) {
                    j.add(f + "." + field, "must be a string");
                } else if (v != null && !v.isNull()) {
                    m.put(field, Json.truncate(Json.clean(v.asText()), 2000));
                }
            }
            if (out.size() < 20) {
                out.add(m);
            }
        }
        return out;
    }
}
