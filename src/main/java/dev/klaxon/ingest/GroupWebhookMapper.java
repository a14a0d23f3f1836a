package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.GroupSnapshot;
import dev.klaxon.alert.Link;
import dev.klaxon.alert.Severity;
import dev.klaxon.platform.KlaxonException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Alertmanager webhook shape, which Grafana's unified alerting reuses: one Klaxon alert per {@code groupKey}.
 * A firing group triggers (or updates) it, a resolved group resolves it, and the members listed in each delivery
 * go along as a {@link GroupSnapshot} so joins and leaves reach the timeline and repeats change nothing.
 */
abstract class GroupWebhookMapper implements PayloadMapper {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final int MAX_NAME = 200;

    private final String source;
    private final String senderName;
    private final String version;

    GroupWebhookMapper(String source, String senderName, String version) {
        this.source = source;
        this.senderName = senderName;
        this.version = version;
    }

    /** Format-specific links, after the runbook and the rule's source. */
    abstract void addLinks(List<Link> links, JsonNode body, JsonNode first);

    /** Format-specific top-level fields worth keeping in the alert's details. */
    abstract void addDetails(Map<String, Object> details, JsonNode body);

    /** A summary of last resort before "<sender> group <key>". */
    String fallbackSummary(JsonNode body) {
        return null;
    }

    @Override
    public AlertEvent map(JsonNode body) {
        Json j = new Json();
        if (!body.isObject()) {
            throw KlaxonException.invalid("", "the body must be a " + senderName + " webhook object");
        }
        String status = j.text(body, "status", true, 20);
        if (status != null && !status.equals("firing") && !status.equals("resolved")) {
            j.add("status", "must be firing or resolved");
        }
        String groupKey = j.text(body, "groupKey", true, 64 * 1024);
        JsonNode v = body.get("version");
        if (v != null && !v.isNull() && !(v.isTextual() && v.asText().equals(version))) {
            j.add("version", "must be \"" + version + "\" for the " + senderName + " webhook");
        }
        JsonNode groupLabels = j.object(body, "groupLabels", "groupLabels");
        JsonNode commonLabels = j.object(body, "commonLabels", "commonLabels");
        JsonNode commonAnnotations = j.object(body, "commonAnnotations", "commonAnnotations");
        JsonNode truncated = body.get("truncatedAlerts");
        if (truncated != null && !truncated.isNull() && !(truncated.canConvertToInt() && truncated.isIntegralNumber() && truncated.asInt() >= 0)) {
            j.add("truncatedAlerts", "must be a non-negative integer");
        }
        JsonNode alerts = body.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            j.add("alerts", "is required and must be an array");
        } else {
            for (int i = 0; i < alerts.size(); i++) {
                validateAlert(j, alerts.get(i), "alerts[" + i + "]");
            }
        }
        j.fail();

        JsonNode none = JsonNodeFactory.instance.objectNode();
        groupLabels = groupLabels == null ? none : groupLabels;
        commonLabels = commonLabels == null ? none : commonLabels;
        commonAnnotations = commonAnnotations == null ? none : commonAnnotations;

        Map<String, String> firing = new LinkedHashMap<>();
        Map<String, String> resolved = new LinkedHashMap<>();
        JsonNode first = null;
        for (JsonNode a : alerts) {
            boolean isResolved = "resolved".equals(a.path("status").asText(status));
            (isResolved ? resolved : firing).put(fingerprint(a), displayName(a, groupLabels));
            if (first == null && !isResolved) {
                first = a;
            }
        }
        if (first == null) {
            first = alerts.size() > 0 ? alerts.get(0) : none;
        }
        boolean complete = truncated == null || truncated.isNull() || truncated.asInt() == 0;

        String dedupKey = groupKey.length() <= Json.MAX_DEDUP_KEY ? groupKey : Json.digestKey(source + ":", groupKey);
        JsonNode annotations = first.path("annotations");
        String summary = Json.firstText(commonAnnotations.path("summary"), annotations.path("summary"),
                commonAnnotations.path("description"), annotations.path("description"));
        String alertname = Json.firstText(commonLabels.path("alertname"), groupLabels.path("alertname"),
                first.path("labels").path("alertname"));
        if (summary == null) {
            summary = alertname != null ? alertname : fallbackSummary(body);
        } else if (alertname != null && !summary.contains(alertname)) {
            summary = alertname + ": " + summary;
        }
        if (summary == null || Json.clean(summary).isEmpty()) {
            summary = senderName + " group " + groupKey;
        }
        summary = Json.truncate(Json.clean(summary), Json.MAX_SUMMARY);
        Severity severity = severity(Json.firstText(commonLabels.path("severity"), first.path("labels").path("severity")));

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("receiver", body.path("receiver").isTextual() ? body.get("receiver").asText() : null);
        details.put("status", status);
        details.put("groupKey", groupKey);
        details.put("groupLabels", MAPPER.convertValue(groupLabels, Map.class));
        details.put("commonLabels", MAPPER.convertValue(commonLabels, Map.class));
        details.put("commonAnnotations", MAPPER.convertValue(commonAnnotations, Map.class));
        details.put("externalURL", body.path("externalURL").isTextual() ? body.get("externalURL").asText() : null);
        details.put("truncatedAlerts", complete ? 0 : truncated.asInt());
        addDetails(details, body);
        details.put("alerts", MAPPER.convertValue(alerts, List.class));

        List<Link> links = new ArrayList<>();
        Links.add(links, Json.firstText(commonAnnotations.path("runbook_url"), annotations.path("runbook_url")), "Runbook");
        Links.add(links, text(first, "generatorURL"), "Source");
        addLinks(links, body, first);
        Links.add(links, text(body, "externalURL"), senderName);

        AlertEvent.Action action = "resolved".equals(status) ? AlertEvent.Action.RESOLVE : AlertEvent.Action.TRIGGER;
        return new AlertEvent(action, dedupKey, summary, severity, source, details, links, null,
                GroupSnapshot.of(firing, resolved, complete));
    }

    private static void validateAlert(Json j, JsonNode a, String path) {
        if (!a.isObject()) {
            j.add(path, "must be an object");
            return;
        }
        j.object(a, "labels", path + ".labels");
        j.object(a, "annotations", path + ".annotations");
        for (String field : List.of("status", "fingerprint", "generatorURL")) {
            JsonNode n = a.get(field);
            if (n != null && !n.isNull() && !n.isTextual()) {
                j.add(path + "." + field, "must be a string");
            }
        }
        JsonNode s = a.get("status");
        if (s != null && s.isTextual() && !s.asText().equals("firing") && !s.asText().equals("resolved")) {
            j.add(path + ".status", "must be firing or resolved");
        }
    }

    /** The sender's fingerprint, or one derived from the labels when a sender leaves it out. */
    static String fingerprint(JsonNode a) {
        String f = a.path("fingerprint").isTextual() ? Json.clean(a.get("fingerprint").asText()) : "";
        if (!f.isEmpty() && f.length() <= 128) {
            return f;
        }
        return Json.digestKey("labels:", new TreeMap<>(labels(a.path("labels"))).toString());
    }

    /**
     * What the timeline calls one member: its {@code instance}, else the labels that set it apart in its group,
     * else its alert name. Stable across deliveries, unlike commonLabels, which shrink as members join.
     */
    static String displayName(JsonNode a, JsonNode groupLabels) {
        Map<String, String> labels = labels(a.path("labels"));
        String name = labels.get("instance");
        if (name == null || name.isBlank()) {
            Map<String, String> own = new TreeMap<>();
            labels.forEach((k, v) -> {
                if (!groupLabels.has(k) && !k.equals("alertname") && !k.startsWith("__")) {
                    own.put(k, v);
                }
            });
            List<String> parts = new ArrayList<>();
            own.forEach((k, v) -> parts.add(k + "=" + v));
            name = parts.isEmpty() ? labels.getOrDefault("alertname", fingerprint(a)) : String.join(", ", parts);
        }
        return Json.truncate(Json.clean(name), MAX_NAME);
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> out = new LinkedHashMap<>();
        if (labels.isObject()) {
            labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        return out;
    }

    static Severity severity(String label) {
        if (label == null) {
            return Severity.CRITICAL;
        }
        return switch (label.strip().toLowerCase(Locale.ROOT)) {
            case "critical", "page", "p1", "fatal", "emergency", "alert" -> Severity.CRITICAL;
            case "error", "high", "major", "p2" -> Severity.ERROR;
            case "warning", "warn", "medium", "minor", "p3" -> Severity.WARNING;
            case "info", "informational", "low", "none", "p4", "p5" -> Severity.INFO;
            default -> Severity.CRITICAL;
        };
    }

    static String text(JsonNode n, String field) {
        JsonNode f = n.get(field);
        return f != null && f.isTextual() ? f.asText() : null;
    }
}
