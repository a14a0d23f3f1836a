package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.klaxon.alert.Link;
import dev.klaxon.alert.Severity;

import java.util.List;
import java.util.Map;

/**
 * Prometheus Alertmanager webhook (version 4): one Klaxon alert per {@code groupKey}; a firing group triggers or
 * updates it, a resolved group resolves it, members joining or leaving are recorded on its timeline.
 */
public final class AlertmanagerMapper extends GroupWebhookMapper {

    public AlertmanagerMapper() {
        super("alertmanager", "Alertmanager", "4");
    }

    @Override
    void addLinks(List<Link> links, JsonNode body, JsonNode first) {
    }

    @Override
    void addDetails(Map<String, Object> details, JsonNode body) {
    }

    static Severity severity(String label) {
        return GroupWebhookMapper.severity(label);
    }
}
