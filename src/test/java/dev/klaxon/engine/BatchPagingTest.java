package dev.klaxon.engine;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertLogEntry;
import dev.klaxon.alert.AlertService;
import dev.klaxon.directory.User;
import dev.klaxon.notify.Dispatcher;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.notify.OutboxStatus;
import dev.klaxon.service.MaintenanceWindow;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.klaxon.testing.Api.admin;
import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.rule;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The escalation sweep pages a whole claimed batch together ({@link StepPager}): what it writes — pages, their
 * states, every timeline line in order — must be what paging each alert alone writes. Two identical sets of
 * services, policies and people; one set's alerts are advanced in one batch, the other's one alert per transaction.
 */
@QuarkusTest
class BatchPagingTest {

    @Inject
    TestClock clock;

    @Inject
    EscalationEngine engine;

    @Inject
    EscalationSweep sweep;

    @Inject
    AlertService alerts;

    @Inject
    Dispatcher dispatcher;

    /** One set: the alerts by role, the maintenance window to end for the deferred one, and what to write as "<…>". */
    record World(Map<String, String> alertIds, UUID windowOfDeferred, Map<String, String> names) {
    }

    private static String namedPolicy(String name, int repeat, List<List<String>> steps) {
        List<Map<String, Object>> s = steps.stream().map(users -> Map.<String, Object>of("delay", "PT10M", "targets",
                users.stream().map(u -> Map.of("type", "USER", "id", u)).toList())).toList();
        return admin().body(Map.of("name", name, "repeat", repeat, "steps", s)).post("/api/v1/escalation-policies")
                .then().statusCode(201).extract().path("id");
    }

    private static String trigger(String serviceId, String summary) {
        return hook(integration(serviceId, "GENERIC"), "{\"action\":\"trigger\",\"summary\":\"" + summary + "\"}")
                .then().statusCode(202).extract().path("alertId");
    }

    private static String window(String serviceId, Instant start, Instant end) {
        return admin().body(Map.of("start", start.toString(), "end", end.toString(), "reason", "switch swap"))
                .post("/api/v1/services/" + serviceId + "/maintenance").then().statusCode(201).extract().path("id");
    }

    /**
     * Ann: an SMS held 5 minutes by her rule. Ben: nothing to page. Cat: SMS at once, a call after 2 minutes and
     * every 5 after that. Dan: an SMS.
     */
    private World world() {
        Map<String, String> names = new LinkedHashMap<>();
        String ann = user("Ann Batch");
        String annSms = phone();
        rule(ann, contact(ann, "SMS", annSms), "PT5M", null);
        String ben = user("Ben Batch");
        String cat = user("Cat Batch");
        String catPhone = phone();
        rule(cat, contact(cat, "SMS", catPhone), "PT0S", null);
        rule(cat, contact(cat, "VOICE", catPhone), "PT2M", "PT5M");
        String dan = user("Dan Batch");
        String danSms = phone();
        contact(dan, "SMS", danSms);
        names.put(annSms, "<ann>");
        names.put(catPhone, "<cat>");
        names.put(danSms, "<dan>");

        String twoSteps = namedPolicy("batch-two-steps", 0, List.of(List.of(ann), List.of(ben, cat)));
        String skipAndRepeat = namedPolicy("batch-skip-and-repeat", 1, List.of(List.of(dan), List.of(ben)));
        String oneStep = namedPolicy("batch-one-step", 0, List.of(List.of(dan)));
        String danThenCat = namedPolicy("batch-dan-then-cat", 0, List.of(List.of(dan), List.of(cat)));

        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("next step: nobody for Ben, Cat's rules, Ann's held SMS canceled",
                trigger(service(twoSteps), "disk full on db-1"));
        ids.put("skips a step, starts the policy again", trigger(service(skipAndRepeat), "queue stuck"));
        ids.put("exhausted", trigger(service(oneStep), "cert expires"));
        String inMaintenance = service(twoSteps);
        ids.put("service went into maintenance", trigger(inMaintenance, "packet loss"));
        Instant now = clock.instant();
        window(inMaintenance, now.minusSeconds(1), now.plus(Duration.ofHours(1)));
        String deferred = service(twoSteps);
        String windowId = window(deferred, now, now.plus(Duration.ofHours(1)));
        ids.put("maintenance over", trigger(deferred, "switch down"));
        ids.put("step written before", trigger(service(danThenCat), "latency"));
        // step 2 of this one is paged, and then its position is set back (below): its pages exist already
        QuarkusTransaction.requiringNew().run(() -> engine.advance(alerts.lock(UUID.fromString(ids.get("step written before")))));
        return new World(ids, UUID.fromString(windowId), names);
    }

    /** Advances the given alerts of a world the way the sweep does, in one transaction. */
    private void advanceDue(World w, List<String> roles) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (roles.contains("maintenance over")) {
                MaintenanceWindow.deleteById(w.windowOfDeferred()); // its end, as far as paging can tell
            }
            List<Alert> due = new ArrayList<>();
            for (String role : roles) {
                Alert a = alerts.lock(UUID.fromString(w.alertIds().get(role)));
                if (role.equals("step written before")) {
                    alerts.setEscalation(a, 0, 0, a.nextEscalationAt);
                }
                due.add(a);
            }
            engine.advanceDue(due);
        });
    }

    /** Everything the alert's timeline and outbox say, with phones and alert numbers written the same in both worlds. */
    private List<String> written(World w, String role) {
        UUID id = UUID.fromString(w.alertIds().get(role));
        return QuarkusTransaction.requiringNew().call(() -> {
            List<String> out = new ArrayList<>();
            for (AlertLogEntry e : alerts.timeline(id)) {
                out.add(e.kind + ": " + e.message.replaceAll("#\\d+", "#N"));
            }
            List<OutboxEntry> rows = OutboxEntry.<OutboxEntry>list("alertId", id);
            rows.sort(Comparator.comparing((OutboxEntry e) -> e.escalationRound).thenComparing(e -> e.escalationStep)
                    .thenComparing(e -> e.channel).thenComparing(e -> e.notBefore));
            for (OutboxEntry e : rows) {
                User u = User.findById(e.userId);
                out.add("page: " + u.name + " " + e.channel + " " + e.address + " round " + e.escalationRound + " step "
                        + e.escalationStep + " at +" + Duration.between(clock.instant(), e.notBefore) + " every "
                        + e.repeatSeconds + " " + e.status + (e.error == null ? "" : " (" + e.error + ")"));
            }
            String text = String.join("\n", out);
            for (Map.Entry<String, String> n : w.names().entrySet()) {
                text = text.replace(n.getKey(), n.getValue());
            }
            return List.of(text.split("\n"));
        });
    }

    @Test
    void aBatchWritesWhatPagingEachAlertAloneWrites() {
        dispatcher.pause(); // pages stay PENDING: what the escalation cancels is deterministic
        try {
            World batch = world();
            World alone = world();
            List<String> roles = new ArrayList<>(batch.alertIds().keySet());

            advanceDue(batch, roles);
            for (String role : roles) {
                advanceDue(alone, List.of(role));
            }

            for (String role : roles) {
                assertEquals(written(alone, role), written(batch, role), role);
            }
            // and what both wrote is what paging means
            assertEquals(List.of(
                    "triggered: Alert #N triggered: queue stuck",
                    "paged: Step 1: paging Dan Batch by SMS <dan>",
                    "escalated: Step 1 was not acknowledged within its delay: escalating",
                    "pages-canceled: 1 pending page(s) of the previous step canceled",
                    "page-skipped: Ben Batch has no contact method that can be paged",
                    "escalation-skip: Step 2 has nobody to page; escalating at once",
                    "escalation-repeat: Escalation policy batch-skip-and-repeat starts again (pass 2 of 2)",
                    "paged: Step 1: paging Dan Batch by SMS <dan>",
                    "page: Dan Batch SMS <dan> round 0 step 0 at +PT0S every null CANCELED (the escalation moved on)",
                    "page: Dan Batch SMS <dan> round 1 step 0 at +PT0S every null PENDING"),
                    written(batch, "skips a step, starts the policy again"));
            List<String> next = written(batch, "next step: nobody for Ben, Cat's rules, Ann's held SMS canceled");
            assertTrue(next.contains("paged: Step 2: paging Cat Batch by SMS <cat>, VOICE <cat> after 2m, again every 5m"), next.toString());
            assertTrue(next.contains("page: Ann Batch SMS <ann> round 0 step 0 at +PT5M every null CANCELED (the escalation moved on)"), next.toString());
            assertTrue(next.contains("page: Cat Batch VOICE <cat> round 0 step 1 at +PT2M every 300 PENDING"), next.toString());
            assertTrue(written(batch, "service went into maintenance").stream().anyMatch(l -> l.startsWith("maintenance: Service in maintenance until")));
            assertTrue(written(batch, "maintenance over").contains("paged: Step 1: paging Ann Batch by SMS <ann> after 5m"));
            assertTrue(written(batch, "exhausted").contains(
                    "escalation-exhausted: Escalation policy batch-one-step has no more steps; the alert stays open without further pages"));
            List<String> again = written(batch, "step written before");
            assertEquals(2, again.stream().filter(l -> l.startsWith("page: Cat Batch")).distinct().count(), again.toString());
            assertEquals(2, again.stream().filter(l -> l.startsWith("page: Cat Batch")).count(), "each page once: " + again);
            assertTrue(again.contains("escalation-skip: Step 2 has nobody to page; escalating at once"), again.toString());
        } finally {
            // end what the paused dispatcher left pending, so that the next class starts settled
            QuarkusTransaction.requiringNew().run(() -> OutboxEntry.update("status = ?1 where status = ?2",
                    OutboxStatus.CANCELED, OutboxStatus.PENDING));
            dispatcher.resume();
        }
    }

    @Test
    void aBacklogOfSeveralBatchesIsPagedOncePerAlert() {
        List<String> users = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String first = user("First " + i);
            contact(first, "SMS", phone());
            String second = user("Second " + i);
            contact(second, "SMS", phone());
            users.add(second);
            keys.add(integration(service(policy("PT5M", 0, first, second)), "GENERIC"));
        }
        List<String> ids = new ArrayList<>();
        int alertsCount = EscalationSweep.BATCH * 2 + 7;
        for (int i = 0; i < alertsCount; i++) {
            ids.add(hook(keys.get(i % 3), "{\"action\":\"trigger\",\"summary\":\"backlog "
                    + i + "\"}").then().statusCode(202).extract().path("alertId"));
        }
        Settled.await();
        clock.advance(Duration.ofMinutes(5));
        sweep.runOnce(); // the scheduled sweep may take part: SKIP LOCKED keeps them apart
        Settled.await();
        QuarkusTransaction.requiringNew().run(() -> {
            for (String id : ids) {
                UUID alertId = UUID.fromString(id);
                List<OutboxEntry> secondStep = OutboxEntry.list("alertId = ?1 and escalationStep = 1", alertId);
                assertEquals(1, secondStep.size(), "alert " + id + ": " + secondStep.size() + " pages of step 2");
                assertTrue(users.contains(secondStep.get(0).userId.toString()));
                List<String> lines = alerts.timeline(alertId).stream().map(e -> e.message).toList();
                assertEquals(1, lines.stream().filter(m -> m.startsWith("Step 1 was not acknowledged")).count(), lines.toString());
                assertEquals(1, lines.stream().filter(m -> m.startsWith("Step 2: paging Second")).count(), lines.toString());
                Alert a = alerts.require(alertId);
                assertEquals(1, a.escalationStep);
            }
        });
    }
}
