package dev.klaxon.ingest;

import dev.klaxon.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every ingest request is counted in klaxon_ingest_total{format,outcome}, refusals included. */
@QuarkusTest
class IngestMetricsTest {

    static double count(String metrics, String format, String outcome) {
        Matcher m = Pattern.compile("^klaxon_ingest_total\\{format=\"" + format + "\",outcome=\"" + outcome + "\"} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static String metrics() {
        return Management.metrics();
    }

    @Test
    void everyFormatAndOutcomeIsCounted() {
        String serviceId = service(policy("PT5M", 0, user("Yara")));
        String grafana = integration(serviceId, "GRAFANA");
        String pagerDuty = integration(serviceId, "PAGERDUTY");
        String heartbeat = given().auth().oauth2(dev.klaxon.testing.KlaxonTest.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("type", "HEARTBEAT", "heartbeatInterval", "PT1H"))
                .post("/api/v1/services/" + serviceId + "/integrations").then().statusCode(201).extract().<String>path("key");

        Map<String, Runnable> requests = new LinkedHashMap<>();
        requests.put("grafana/created", () -> hook(grafana, Samples.text("grafana/01-firing-one-alert.json")).then().statusCode(202));
        requests.put("grafana/deduplicated", () -> hook(grafana, Samples.text("grafana/02-firing-second-alert-joins.json")).then().statusCode(202));
        requests.put("grafana/unchanged", () -> hook(grafana, Samples.text("grafana/02-firing-second-alert-joins.json")).then().statusCode(202));
        requests.put("grafana/unsupported_media_type", () -> given().contentType(ContentType.XML).body("<alert/>")
                .post("/hooks/" + grafana).then().statusCode(415));
        requests.put("grafana/invalid", () -> hook(grafana, "{\"status\":\"firing\"}").then().statusCode(400));
        requests.put("pagerduty/created", () -> given().contentType(ContentType.JSON)
                .body(Samples.pagerDuty("pagerduty/01-trigger.json", pagerDuty)).post("/v2/enqueue").then().statusCode(202));
        requests.put("pagerduty/acknowledged", () -> given().contentType(ContentType.JSON)
                .body(Samples.pagerDuty("pagerduty/02-acknowledge.json", pagerDuty)).post("/v2/enqueue").then().statusCode(202));
        requests.put("pagerduty/invalid", () -> dev.klaxon.testing.Api.givenInvalid().contentType(ContentType.JSON).body("{").post("/v2/enqueue").then().statusCode(400));
        requests.put("pagerduty/unknown_key", () -> given().contentType(ContentType.JSON)
                .body("{\"routing_key\":\"nope\",\"event_action\":\"resolve\",\"dedup_key\":\"k\"}").post("/v2/enqueue").then().statusCode(404));
        requests.put("pagerduty/too_large", () -> dev.klaxon.testing.Api.givenInvalid().contentType(ContentType.JSON).body("[" + "1,".repeat(600_000) + "1]")
                .post("/v2/enqueue").then().statusCode(413));
        requests.put("heartbeat/beat", () -> given().get("/hooks/" + heartbeat).then().statusCode(202));
        requests.put("unknown/unknown_key", () -> hook("no-such-integration-key", "{}").then().statusCode(404));
        requests.put("unknown/too_large", () -> hook("no-such-integration-key", "[" + "1,".repeat(600_000) + "1]").then().statusCode(413));

        for (Map.Entry<String, Runnable> r : requests.entrySet()) {
            String[] series = r.getKey().split("/");
            double before = count(metrics(), series[0], series[1]);
            r.getValue().run();
            assertEquals(before + 1, count(metrics(), series[0], series[1]), r.getKey());
        }
    }
}
