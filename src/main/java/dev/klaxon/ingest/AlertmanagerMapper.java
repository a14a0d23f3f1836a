package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.Link;
import dev.klaxon.alert.Severity;
import dev.klaxon.platform.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus Alertmanager webhook (version 4): one Klaxon alert per {@code groupKey}; a firing group triggers or
 * updates it, a resolved group resolves it.
 */
public final class AlertmanagerMapper implements PayloadMapper {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public AlertEvent map(JsonNode body) throws InvalidPayload {
        Json j = new Json();
        if (!body.isObject()) {
            throw new InvalidPayload(List.of(new Problem.Violation("", "the body must be an Alertmanager webhook object")));
        }
        String status = j.text(body, "status", true, 20);
        String groupKey = j.text(body, "groupKey", true, 64 * 1024);
        JsonNode alerts = body.get("alerts");
        if (alerts == null || !alerts.isArray()) {
            j.violations.add(new Problem.Violation("alerts", "is required and must be an array"));
        }
        if (status != null && !status.equals("firing") && !status.equals("resolved")) {
            j.violations.add(new Problem.Violation("status", "must be firing or resolved"));
        }
        String version = body.path("version").asText("4");
        if (!version.equals("4")) {
            j.violations.add(new Problem.Violation("version", "only webhook version 4 is understood"));
        }
        for (String obj : List.of("groupLabels", "commonLabels", "commonAnnotations")) {
            JsonNode n = body.get(obj);
            if (n != null && !n.isNull() && !n.isObject()) {
                j.violations.add(new Problem.Violation(obj, "must be an object"));
            }
        }
        if (alerts != null && alerts.isArray()) {
            for (int i = 0; i < alerts.size(); i++) {
                JsonNode a = alerts.get(i);
                if (!a.isObject() || (a.has("labels") && !a.get("labels").isObject())
                        || (a.has("annotations") && !a.get("annotations").isObject())) {
                    j.violations.add(new Problem.Violation("alerts[" + i + "]", "must be an object with labels and annotations objects"));
                }
            }
        }
        j.fail();

        String dedupKey = groupKey.length() <= Json.MAX_DEDUP_KEY ? groupKey : Json.digestKey("am:", groupKey);
        JsonNode common = body.path("commonAnnotations");
        JsonNode labels = body.path("commonLabels");
        List<JsonNode> firing = new ArrayList<>();
        List<JsonNode> resolved = new ArrayList<>();
        alerts.forEach(a -> ("resolved".equals(a.path("status").asText()) ? resolved : firing).add(a));
        JsonNode first = !firing.isEmpty() ? firing.get(0) : alerts.size() > 0 ? alerts.get(0) : MAPPER.createObjectNode();

        String summary = firstText(common.path("summary"), first.path("annotations").path("summary"),
                common.path("description"), first.path("annotations").path("description"));
        String alertname = firstText(labels.path("alertname"), body.path("groupLabels").path("alertname"),
                first.path("labels").path("alertname"));
        if (summary == null) {
            summary = alertname != null ? alertname : "Alertmanager group " + groupKey;
        } else if (alertname != null && !summary.contains(alertname)) {
            summary = alertname + ": " + summary;
        }
        summary = Json.truncate(Json.clean(summary), Json.MAX_SUMMARY);

        Severity severity = severity(firstText(labels.path("severity"), first.path("labels").path("severity")));

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("receiver", body.path("receiver").asText(null));
        details.put("groupKey", groupKey);
        details.put("groupLabels", MAPPER.convertValue(body.path("groupLabels"), Map.class));
        details.put("commonLabels", MAPPER.convertValue(labels, Map.class));
        details.put("commonAnnotations", MAPPER.convertValue(common, Map.class));
        details.put("externalURL", body.path("externalURL").asText(null));
        details.put("alerts", MAPPER.convertValue(alerts, List.class));

        List<Link> links = new ArrayList<>();
        String runbook = firstText(common.path("runbook_url"), first.path("annotations").path("runbook_url"));
        addLink(links, runbook, "Runbook");
        addLink(links, first.path("generatorURL").asText(null), "Source");
        addLink(links, body.path("externalURL").asText(null), "Alertmanager");

        String note = "Alertmanager: " + firing.size() + " firing" + names(firing)
                + (resolved.isEmpty() ? "" : ", " + resolved.size() + " resolved" + names(resolved));
        AlertEvent.Action action = "resolved".equals(status) ? AlertEvent.Action.RESOLVE : AlertEvent.Action.TRIGGER;
        return new AlertEvent(action, dedupKey, summary, severity, "alertmanager", details, links, note);
    }

    static Severity severity(String label) {
        if (label == null) {
            return Severity.CRITICAL;
        }
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "critical", "page", "p1", "fatal", "emergency", "alert" -> Severity.CRITICAL;
            case "error", "high", "major", "p2" -> Severity.ERROR;
            case "warning", "warn", "medium", "minor", "p3" -> Severity.WARNING;
            case "info", "informational", "low", "none", "p4", "p5" -> Severity.INFO;
            default -> Severity.CRITICAL;
        };
    }

    private static String names(List<JsonNode> alerts) {
        List<String> n = new ArrayList<>();
        for (JsonNode a : alerts) {
            String instance = a.path("labels").path("instance").asText(null);
            n.add(instance != null ? instance : a.path("fingerprint").asText("?"));
            if (n.size() == 5) {
                break;
            }
        }
        return n.isEmpty() ? "" : " (" + String.join(", ", n) + (alerts.size() > 5 ? ", …" : "") + ")";
    }

    private static void addLink(List<Link> links, String href, String text) {
        if (href != null && (href.startsWith("http://") || href.startsWith("https://")) && href.length() <= 2000
                && links.stream().noneMatch(l -> l.href().equals(href))) {
            links.add(new Link(href, text));
        }
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n != null && n.isTextual() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }
}
