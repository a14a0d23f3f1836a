package dev.klaxon.notify;

import dev.klaxon.testing.Management;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.notifications;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.rule;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backlog gauges the chart's KlaxonOutboxBacklog alert reads. */
@QuarkusTest
class OutboxBacklogMetricsTest {

    @Inject
    OutboxBacklogMetrics backlog;

    @Inject
    TestClock clock;

    @Test
    void aPendingPageCountsAsDueOnceItsTimeHasComeAndAgesFromThere() {
        String u = user("Backlog");
        // an odd delay no other test uses, so the window below holds only this page
        rule(u, contact(u, "SMS", phone()), "PT7H13M", null);
        Instant t0 = clock.instant();
        String alertId = hook(integration(service(policy("PT12H", 0, u)), "GENERIC"),
                "{\"action\":\"trigger\",\"summary\":\"backlog\"}").then().statusCode(202).extract().path("alertId");
        List<Map<String, Object>> pages = notifications(alertId);
        assertEquals(List.of("PENDING"), pages.stream().map(p -> p.get("status")).toList());

        Instant due = t0.plus(Duration.ofHours(7).plusMinutes(13));
        OutboxBacklogMetrics.Backlog before = backlog.read(due.minusSeconds(60));
        OutboxBacklogMetrics.Backlog after = backlog.read(due.plusSeconds(90));
        assertEquals(before.duePages() + 1, after.duePages(), "the page is due once its time has come");
        assertTrue(after.oldestDueSeconds() >= 90, "the oldest due page has waited at least as long as this one");
    }

    @Test
    void bothGaugesAreExported() {
        String metrics = Management.metrics();
        assertTrue(metrics.contains("\nklaxon_outbox_due_pages "), metrics);
        assertTrue(metrics.contains("\nklaxon_outbox_oldest_due_seconds "), metrics);
    }
}
