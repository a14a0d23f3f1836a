package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.Severity;
import dev.klaxon.platform.KlaxonException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertmanagerMapperTest {

    final AlertmanagerMapper mapper = new AlertmanagerMapper();
    final ObjectMapper json = new ObjectMapper();

    AlertEvent map(String sample) throws Exception {
        return mapper.map(Samples.tree("alertmanager/" + sample));
    }

    @Test
    void firingGroupTriggersWithGroupKeyAsDedupKey() throws Exception {
        AlertEvent e = map("01-firing-one-alert.json");
        assertEquals(AlertEvent.Action.TRIGGER, e.action());
        assertEquals("{}:{alertname=\"HighErrorRate\", cluster=\"eu-1\"}", e.dedupKey());
        assertEquals("HighErrorRate: 5xx ratio above 5% on checkout", e.summary());
        assertEquals(Severity.CRITICAL, e.severity());
        assertEquals("alertmanager", e.source());
        assertTrue(e.links().stream().anyMatch(l -> l.href().equals("https://runbooks.example.com/checkout-5xx")));
        assertTrue(e.links().stream().anyMatch(l -> l.href().equals("http://alertmanager.example.com:9093")));
        assertNull(e.timelineNote(), "what changed is worked out against the open alert, not per delivery");
        assertEquals(Map.of("ea8f291518fd76f1", "checkout-7d9f:8080"), e.group().firing());
        assertTrue(e.group().complete());
    }

    @Test
    void eachDeliveryCarriesTheGroupsMembersByFingerprint() throws Exception {
        assertEquals(Map.of("ea8f291518fd76f1", "checkout-7d9f:8080", "eb0b891f89bb6a3b", "checkout-a1b2:8080"),
                map("02-firing-second-alert-joins.json").group().firing());
        AlertEvent third = map("03-firing-one-of-two-resolved.json");
        assertEquals(AlertEvent.Action.TRIGGER, third.action());
        assertEquals(Map.of("eb0b891f89bb6a3b", "checkout-a1b2:8080"), third.group().firing());
        assertEquals(Map.of("ea8f291518fd76f1", "checkout-7d9f:8080"), third.group().resolved());
        AlertEvent last = map("04-resolved-group.json");
        assertEquals(AlertEvent.Action.RESOLVE, last.action());
        assertEquals(map("01-firing-one-alert.json").dedupKey(), last.dedupKey());
        assertEquals(Map.of("eb0b891f89bb6a3b", "checkout-a1b2:8080"), last.group().resolved());
    }

    @Test
    void truncatedDeliveriesAreMarkedIncomplete() throws Exception {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Samples.tree("alertmanager/02-firing-second-alert-joins.json");
        tree.put("truncatedAlerts", 3);
        AlertEvent e = mapper.map(tree);
        assertEquals(false, e.group().complete());
    }

    @Test
    void membersWithoutInstanceAreNamedByTheirOwnLabelsAndWithoutFingerprintByTheirLabels() throws Exception {
        AlertEvent e = mapper.map(json.readTree("""
                {"status":"firing","groupKey":"g","groupLabels":{"alertname":"Down"},"alerts":[
                  {"status":"firing","labels":{"alertname":"Down","job":"api","zone":"b"}}]}"""));
        Map.Entry<String, String> member = e.group().firing().entrySet().iterator().next();
        assertEquals("job=api, zone=b", member.getValue());
        assertTrue(member.getKey().startsWith("labels:"), member.getKey());
        assertEquals(member.getKey(), mapper.map(json.readTree("""
                {"status":"firing","groupKey":"g","alerts":[{"labels":{"zone":"b","job":"api","alertname":"Down"}}]}"""))
                .group().firing().keySet().iterator().next(), "label order does not matter");
    }

    @Test
    void aVeryLongGroupKeyBecomesADigest() throws Exception {
        AlertEvent e = mapper.map(json.readTree("{\"status\":\"firing\",\"groupKey\":\"" + "k".repeat(5000) + "\",\"alerts\":[]}"));
        assertTrue(e.dedupKey().length() <= 255);
        assertTrue(e.dedupKey().startsWith("alertmanager:"));
    }

    @Test
    void severityLabelsMap() {
        assertEquals(Severity.WARNING, AlertmanagerMapper.severity("warning"));
        assertEquals(Severity.INFO, AlertmanagerMapper.severity("info"));
        assertEquals(Severity.ERROR, AlertmanagerMapper.severity("high"));
        assertEquals(Severity.CRITICAL, AlertmanagerMapper.severity("whatever"));
    }

    @Test
    void wrongShapesAreInvalid() {
        for (String body : new String[] {
                "{\"status\":\"firing\",\"alerts\":[]}",
                "{\"status\":\"firing\",\"groupKey\":1,\"alerts\":[]}",
                "{\"version\":\"3\",\"status\":\"firing\",\"groupKey\":\"g\",\"alerts\":[]}",
                "{\"status\":\"firing\",\"groupKey\":\"g\",\"alerts\":[{\"labels\":[]}]}",
                "{\"status\":\"firing\",\"groupKey\":\"g\",\"alerts\":[{\"status\":\"exploded\"}]}",
                "{\"status\":\"firing\",\"groupKey\":\"g\",\"alerts\":[{\"fingerprint\":7}]}",
                "{\"status\":\"firing\",\"groupKey\":\"g\",\"alerts\":[],\"commonLabels\":\"x\"}",
                "{\"status\":\"firing\",\"groupKey\":\"g\",\"alerts\":[],\"truncatedAlerts\":-1}",
                "[]"}) {
            assertThrows(KlaxonException.class, () -> mapper.map(json.readTree(body)), body);
        }
    }
}
