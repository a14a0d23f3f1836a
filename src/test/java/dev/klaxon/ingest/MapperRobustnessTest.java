package dev.klaxon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.ProblemMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every mapper is total over parsed JSON: a body is either an event or an {@link KlaxonException} (invalid) naming what is
 * wrong, never an unchecked exception (which would be a 500), and what it hands on can be stored and sent.
 */
class MapperRobustnessTest {

    private static final ObjectMapper STORE = new ObjectMapper();

    @Test
    void thousandsOfMutatedSamplesMapOrAreRefusedCleanly() throws Exception {
        Map<PayloadMapper, List<String>> formats = Map.of(
                new AlertmanagerMapper(), Samples.ALERTMANAGER.stream().map(Samples::text).toList(),
                new GrafanaMapper(), Samples.GRAFANA.stream().map(Samples::text).toList(),
                new PagerDutyMapper(), Samples.PAGERDUTY.stream().map(Samples::text).toList(),
                new GenericMapper(), Samples.GENERIC);
        long seed = 20261122;
        int mapped = 0;
        int refused = 0;
        for (var f : formats.entrySet()) {
            for (byte[] body : new Mutations(seed++).of(f.getValue(), 2000)) {
                JsonNode tree;
                try {
                    tree = IngestResource.parse(body);
                } catch (KlaxonException e) {
                    assertEquals(400, ProblemMapper.problem(e).status());
                    refused++;
                    continue;
                }
                try {
                    AlertEvent e = f.getKey().map(tree);
                    assertUsable(e);
                    mapped++;
                } catch (KlaxonException e) {
                    assertTrue(!e.violations().isEmpty());
                    refused++;
                }
            }
        }
        assertTrue(mapped > 100 && refused > 1000, "mapped " + mapped + ", refused " + refused);
    }

    private static void assertUsable(AlertEvent e) throws Exception {
        assertNotNull(e.action());
        assertNotNull(e.dedupKey());
        assertTrue(!e.dedupKey().isBlank() && e.dedupKey().length() <= 255, e.dedupKey());
        if (e.action() == AlertEvent.Action.TRIGGER) {
            assertNotNull(e.summary());
            assertTrue(e.summary().length() <= Json.MAX_SUMMARY);
            assertNotNull(e.severity());
        }
        // what reaches PostgreSQL must be free of NUL and encodable
        String stored = STORE.writeValueAsString(List.of(String.valueOf(e.summary()), String.valueOf(e.source()),
                e.dedupKey(), e.details() == null ? Map.of() : e.details(), e.links()));
        assertTrue(!stored.contains("\\u0000"), stored);
        assertTrue(wellFormed(stored), "a lone surrogate cannot be encoded: " + stored);
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void storableReplacesWhatPostgresRefuses() {
        assertEquals("a b\n\tc\uFFFDd\uD83D\uDE00", Json.storable("a\u0000b\n\tc\uD800d\uD83D\uDE00"));
        assertEquals("x", Json.storable("x"));
    }

    @Test
    void truncateNeverSplitsASurrogatePair() {
        String s = "ab\uD83D\uDE00cd";
        assertEquals("ab…", Json.truncate(s, 4));
        assertEquals("ab\uD83D\uDE00…", Json.truncate(s, 5));
    }
}
