package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.Link;
import dev.klaxon.alert.Severity;
import dev.klaxon.platform.KlaxonException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagerDutyMapperTest {

    final PagerDutyMapper mapper = new PagerDutyMapper(() -> "generated-key");
    final ObjectMapper json = new ObjectMapper();

    @Test
    void triggerKeepsEverythingPagerDutyWouldShow() throws Exception {
        AlertEvent e = mapper.map(Samples.tree("pagerduty/01-trigger.json"));
        assertEquals(AlertEvent.Action.TRIGGER, e.action());
        assertEquals("srv01/HTTP-latency", e.dedupKey());
        assertEquals("p99 latency above 2s on api-gateway (srv01.example.com)", e.summary());
        assertEquals(Severity.ERROR, e.severity());
        assertEquals("srv01.example.com", e.source());
        assertEquals(Map.of("p99 latency", "2350ms", "load avg", 3.75, "upstreams", List.of("10.0.4.11:8080", "10.0.4.12:8080")),
                e.details().get("custom_details"));
        assertEquals("nginx", e.details().get("component"));
        assertEquals("prod-api", e.details().get("group"));
        assertEquals("latency", e.details().get("class"));
        assertEquals("2026-11-22T03:29:58.315+0000", e.details().get("timestamp"));
        assertEquals("Example Monitoring", e.details().get("client"));
        assertEquals(List.of(Map.of("src", "https://monitoring.example.com/graphs/latency-srv01.png",
                "href", "https://monitoring.example.com/graphs/latency-srv01", "alt", "p99 latency, last hour")),
                e.details().get("images"));
        assertEquals(List.of(new Link("https://monitoring.example.com/hosts/srv01", "srv01 in the monitoring console"),
                new Link("https://monitoring.example.com", "Example Monitoring")), e.links());
    }

    @Test
    void acknowledgeAndResolveNeedOnlyTheKey() throws Exception {
        AlertEvent ack = mapper.map(Samples.tree("pagerduty/02-acknowledge.json"));
        assertEquals(AlertEvent.Action.ACKNOWLEDGE, ack.action());
        assertEquals("srv01/HTTP-latency", ack.dedupKey());
        AlertEvent resolve = mapper.map(Samples.tree("pagerduty/03-resolve.json"));
        assertEquals(AlertEvent.Action.RESOLVE, resolve.action());
        assertEquals("srv01/HTTP-latency", resolve.dedupKey());
    }

    @Test
    void aTriggerWithoutKeyGetsAGeneratedOne() throws Exception {
        AlertEvent e = mapper.map(Samples.tree("pagerduty/04-trigger-without-dedup-key.json"));
        assertEquals("generated-key", e.dedupKey());
        assertEquals(Severity.CRITICAL, e.severity());
        String real = new PagerDutyMapper().map(Samples.tree("pagerduty/04-trigger-without-dedup-key.json")).dedupKey();
        assertTrue(real.matches("[0-9a-f]{32}"), real);
    }

    @Test
    void everySeverityMaps() throws Exception {
        for (var s : Map.of("critical", Severity.CRITICAL, "error", Severity.ERROR, "warning", Severity.WARNING,
                "info", Severity.INFO).entrySet()) {
            ObjectNode t = (ObjectNode) Samples.tree("pagerduty/04-trigger-without-dedup-key.json");
            ((ObjectNode) t.get("payload")).put("severity", s.getKey());
            assertEquals(s.getValue(), mapper.map(t).severity());
        }
    }

    @Test
    void invalidEventsNameTheField() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"event_action\":\"trigger\",\"payload\":{\"source\":\"h\",\"severity\":\"info\"}}", "payload.summary",
                "{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"fatal\"}}", "payload.severity",
                "{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"severity\":\"info\"}}", "payload.source",
                "{\"event_action\":\"trigger\"}", "payload",
                "{\"event_action\":\"resolve\"}", "dedup_key",
                "{\"event_action\":\"snooze\",\"dedup_key\":\"k\"}", "event_action",
                "{\"event_action\":\"acknowledge\",\"dedup_key\":\"" + "k".repeat(256) + "\"}", "dedup_key",
                "{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"" + "s".repeat(1025) + "\",\"source\":\"h\",\"severity\":\"info\"}}", "payload.summary",
                "{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\"},\"links\":[{\"href\":\"ftp://x\"}]}", "links[0].href",
                "{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"h\",\"severity\":\"info\"},\"images\":[{\"alt\":\"no src\"}]}", "images[0].src");
        for (var c : cases.entrySet()) {
            KlaxonException e = assertThrows(KlaxonException.class, () -> mapper.map(json.readTree(c.getKey())), c.getKey());
            assertTrue(e.violations().stream().anyMatch(v -> v.field().equals(c.getValue())), c.getKey() + " → " + e.violations());
        }
    }

    @Test
    void aKeyOf255CharactersIsFine() throws Exception {
        String key = "k".repeat(255);
        assertEquals(key, mapper.map(json.readTree("{\"event_action\":\"resolve\",\"dedup_key\":\"" + key + "\"}")).dedupKey());
    }
}
