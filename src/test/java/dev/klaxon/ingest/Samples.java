package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real sample payloads under src/test/resources/samples. */
final class Samples {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> ALERTMANAGER = List.of("alertmanager/01-firing-one-alert.json",
            "alertmanager/02-firing-second-alert-joins.json", "alertmanager/03-firing-one-of-two-resolved.json",
            "alertmanager/04-resolved-group.json");
    static final List<String> GRAFANA = List.of("grafana/01-firing-one-alert.json",
            "grafana/02-firing-second-alert-joins.json", "grafana/03-firing-one-of-two-resolved.json",
            "grafana/04-resolved-group.json");
    static final List<String> PAGERDUTY = List.of("pagerduty/01-trigger.json", "pagerduty/02-acknowledge.json",
            "pagerduty/03-resolve.json", "pagerduty/04-trigger-without-dedup-key.json");
    static final List<String> GENERIC = List.of(
            "{\"action\":\"trigger\",\"dedupKey\":\"db-1-disk\",\"summary\":\"disk 95% on db-1\",\"severity\":\"critical\","
                    + "\"source\":\"db-1\",\"details\":{\"used\":\"95%\"},\"links\":[{\"href\":\"https://grafana.example.com/d/disk\",\"text\":\"dashboard\"}]}",
            "{\"action\":\"acknowledge\",\"dedupKey\":\"db-1-disk\"}",
            "{\"action\":\"resolve\",\"dedupKey\":\"db-1-disk\"}");

    private Samples() {
    }

    static String text(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/samples", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PagerDuty sample with its routing_key set to {@code key}. */
    static String pagerDuty(String name, String key) {
        com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) tree(name);
        n.put("routing_key", key);
        return n.toString();
    }
}
