package dev.klaxon.chart;

import dev.klaxon.testing.Management;
import dev.klaxon.testing.Pages;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.regex.Pattern;

import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An alert on a metric Klaxon does not export never fires: every name the PrometheusRule reads is checked here. */
@QuarkusTest
class AlertRuleMetricsTest {

    @Test
    void everyKlaxonMetricTheAlertsReadIsExportedOnTheManagementPort() {
        // one page out, so the per-channel counters exist
        String u = user("Alert Rules");
        String p = phone();
        contact(u, "SMS", p);
        hook(integration(service(policy("PT1H", 0, u)), "GENERIC"), "{\"action\":\"trigger\",\"summary\":\"rules\"}")
                .then().statusCode(202);
        Pages.awaitSms(p, 1);

        Set<String> read = AlertRules.klaxonMetrics(Manifests.of("ingress-tls"));
        assertEquals(Set.of("klaxon_outbox_oldest_due_seconds", "klaxon_pages_sent_total"), read);
        String metrics = Management.metrics();
        for (String name : read) {
            assertTrue(Pattern.compile("^" + name + "[{ ]", Pattern.MULTILINE).matcher(metrics).find(),
                    name + " is not in /q/metrics");
        }
    }
}
