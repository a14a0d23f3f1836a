package dev.klaxon.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.Function;

import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hundreds of damaged variants of each format's real samples (truncated, types swapped, fields deleted, control
 * characters, 100k-character strings, flipped and random bytes) go through the real endpoints. Each answer is 202
 * or a 4xx, never a 5xx; a 4xx is problem+json (PagerDuty's shape at /v2/enqueue); and a refused body leaves no
 * trace: the service's alerts, timeline lines and pages are exactly what they were.
 */
@QuarkusTest
class MalformedInputFuzzTest {

    static final int BODIES = 200;
    /** Below the rate limit's burst: each batch gets a fresh integration so the fuzzing is never throttled. */
    static final int PER_INTEGRATION = 100;

    @ParameterizedTest
    @ValueSource(strings = {"GENERIC", "ALERTMANAGER", "GRAFANA", "PAGERDUTY", "PAGERDUTY-ENQUEUE"})
    void malformedBodiesAreRefusedCleanlyAndWriteNothing(String format) throws Exception {
        boolean enqueue = format.equals("PAGERDUTY-ENQUEUE");
        String type = enqueue ? "PAGERDUTY" : format;
        String serviceId = service(policy("PT5M", 0, user("Fuzz " + format)));
        Function<String, List<String>> samples = key -> switch (type) {
            case "GENERIC" -> Samples.GENERIC;
            case "ALERTMANAGER" -> Samples.ALERTMANAGER.stream().map(Samples::text).toList();
            case "GRAFANA" -> Samples.GRAFANA.stream().map(Samples::text).toList();
            default -> Samples.PAGERDUTY.stream().map(s -> Samples.pagerDuty(s, key)).toList();
        };
        Mutations mutations = new Mutations(format.hashCode());
        int accepted = 0;
        int refused = 0;
        try (IngestDb db = new IngestDb()) {
            for (int batch = 0; batch < BODIES / PER_INTEGRATION; batch++) {
                String key = integration(serviceId, type);
                for (byte[] body : mutations.of(samples.apply(key), PER_INTEGRATION)) {
                    IngestDb.Footprint before = db.footprint(serviceId);
                    Response r = dev.klaxon.testing.Api.givenInvalid().contentType("application/json").body(body).post(enqueue ? "/v2/enqueue" : "/hooks/" + key);
                    int status = r.statusCode();
                    String shown = new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8);
                    assertTrue(status == 202 || (status >= 400 && status < 500), status + " for " + shown + " → " + r.asString());
                    if (status == 202) {
                        accepted++;
                        continue;
                    }
                    refused++;
                    if (enqueue) {
                        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
                        assertEquals("invalid event", r.jsonPath().getString("status"), r.asString());
                        assertTrue(!r.jsonPath().getList("errors").isEmpty(), r.asString());
                    } else {
                        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
                        assertEquals(status, r.jsonPath().getInt("status"));
                        assertNotNull(r.jsonPath().getString("detail"));
                    }
                    assertEquals(before, db.footprint(serviceId), "a refused body wrote something: " + shown);
                }
            }
        }
        assertTrue(refused > BODIES / 4, "the damage must be real: " + refused + " of " + BODIES);
        assertTrue(accepted + refused == BODIES);
    }
}
