package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.Severity;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertmanagerMapperTest {

    final AlertmanagerMapper mapper = new AlertmanagerMapper();
    final ObjectMapper json = new ObjectMapper();

    AlertEvent map(String sample) throws Exception {
        return mapper.map(json.readTree(Files.readString(Path.of("src/test/resources/samples/alertmanager", sample))));
    }

    @Test
    void firingGroupTriggersWithGroupKeyAsDedupKey() throws Exception {
        AlertEvent e = map("01-firing-one-alert.json");
        assertEquals(AlertEvent.Action.TRIGGER, e.action());
        assertEquals("{}:{alertname=\"HighErrorRate\", cluster=\"eu-1\"}", e.dedupKey());
        assertEquals("HighErrorRate: 5xx ratio above 5% on checkout", e.summary());
        assertEquals(Severity.CRITICAL, e.severity());
        assertTrue(e.links().stream().anyMatch(l -> l.href().equals("https://runbooks.example.com/checkout-5xx")));
        assertTrue(e.timelineNote().contains("1 firing"), e.timelineNote());
    }

    @Test
    void everySampleOfOneGroupKeepsTheKeyAndOnlyTheLastResolves() throws Exception {
        String key = map("01-firing-one-alert.json").dedupKey();
        assertEquals(key, map("02-firing-second-alert-joins.json").dedupKey());
        assertEquals(AlertEvent.Action.TRIGGER, map("03-firing-one-of-two-resolved.json").action());
        AlertEvent last = map("04-resolved-group.json");
        assertEquals(AlertEvent.Action.RESOLVE, last.action());
        assertEquals(key, last.dedupKey());
        assertTrue(map("02-firing-second-alert-joins.json").timelineNote().contains("2 firing"));
        assertTrue(map("03-firing-one-of-two-resolved.json").timelineNote().contains("1 resolved"));
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
        assertThrows(InvalidPayload.class, () -> mapper.map(json.readTree("{\"status\":\"firing\",\"alerts\":[]}")));
        assertThrows(InvalidPayload.class, () -> mapper.map(json.readTree("{\"status\":\"firing\",\"groupKey\":1,\"alerts\":[]}")));
        assertThrows(InvalidPayload.class, () -> mapper.map(json.readTree("{\"version\":\"3\",\"status\":\"firing\",\"groupKey\":\"g\",\"alerts\":[]}")));
        assertThrows(InvalidPayload.class, () -> mapper.map(json.readTree("{\"status\":\"firing\",\"groupKey\":\"g\",\"alerts\":[{\"labels\":[]}]}")));
    }
}
