package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klaxon.alert.Link;

import java.util.List;
import java.util.Map;

/**
 * Grafana unified alerting's webhook contact point (payload version "1"): Alertmanager's shape plus {@code orgId},
 * {@code title}, {@code state}, {@code message} and per-alert dashboard, panel and silence links. Handled like
 * Alertmanager: one Klaxon alert per {@code groupKey}.
 */
public final class GrafanaMapper extends GroupWebhookMapper {

    public GrafanaMapper() {
        super("grafana", "Grafana", "1");
    }

    @Override
    void addLinks(List<Link> links, JsonNode body, JsonNode first) {
        Links.add(links, text(first, "dashboardURL"), "Dashboard");
        Links.add(links, text(first, "panelURL"), "Panel");
        Links.add(links, text(first, "silenceURL"), "Silence");
    }

    @Override
    void addDetails(Map<String, Object> details, JsonNode body) {
        JsonNode org = body.get("orgId");
        details.put("orgId", org != null && org.isNumber() ? org.numberValue() : null);
        details.put("title", text(body, "title"));
        details.put("state", text(body, "state"));
        details.put("message", text(body, "message"));
    }

    @Override
    String fallbackSummary(JsonNode body) {
        return text(body, "title");
    }
}
