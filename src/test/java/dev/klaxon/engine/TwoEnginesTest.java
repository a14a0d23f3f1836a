package dev.klaxon.engine;

import dev.klaxon.notify.Dispatcher;
import dev.klaxon.testing.Api;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
import dev.klaxon.testing.Settled;
import dev.klaxon.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.klaxon.testing.Api.contact;
import static dev.klaxon.testing.Api.hook;
import static dev.klaxon.testing.Api.integration;
import static dev.klaxon.testing.Api.phone;
import static dev.klaxon.testing.Api.policy;
import static dev.klaxon.testing.Api.service;
import static dev.klaxon.testing.Api.user;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sweeps and dispatch rounds racing inside one application: the scheduled sweep and dispatcher loop run while four
 * more threads sweep and drain the same rows at the same moment, each call in its own transactions and connections.
 * Every step must be advanced once and every page leave once. Two real processes on one database are
 * {@code SecondReplicaIT}'s job; this test pins down the row locking inside one.
 */
@QuarkusTest
class TwoEnginesTest {

    @Inject
    TestClock clock;

    @Inject
    EscalationSweep sweep;

    @Inject
    Dispatcher dispatcher;

    @Test
    void concurrentSweepsAndDispatchersPageEachStepOnce() throws Exception {
        // one pair of responders per alert: many alerts to one phone would be bundled, which is not under test here
        int alerts = 25;
        List<String> firstPhones = new ArrayList<>();
        List<String> secondPhones = new ArrayList<>();
        List<String> alertIds = new ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            String first = user("First Responder");
            String second = user("Second Responder");
            firstPhones.add(phone());
            secondPhones.add(phone());
            contact(first, "SMS", firstPhones.get(i));
            contact(second, "SMS", secondPhones.get(i));
            String key = integration(service(policy("PT5M", 0, first, second)), "GENERIC");
            alertIds.add(hook(key, "{\"action\":\"trigger\",\"summary\":\"shard " + i + " down\"}").then().statusCode(202)
                    .extract().path("alertId"));
        }
        firstPhones.forEach(p -> Pages.awaitSms(p, 1));
        Settled.await(); // a clock jump over an in-flight send would expire its lease

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CyclicBarrier start = new CyclicBarrier(4);
        List<Callable<Integer>> engines = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            engines.add(() -> {
                start.await();
                int n = 0;
                for (int round = 0; round < 5; round++) {
                    n += sweep.runOnce();
                }
                return n;
            });
            engines.add(() -> {
                start.await();
                int n = 0;
                for (int round = 0; round < 20; round++) {
                    n += dispatcher.drain();
                }
                return n;
            });
        }
        for (Future<Integer> f : pool.invokeAll(engines)) {
            f.get();
        }
        pool.shutdown();
        secondPhones.forEach(p -> Pages.awaitSms(p, 1));
        // let every engine run dry, then count: no duplicates anywhere
        sweep.runOnce();
        Settled.await();
        for (int i = 0; i < alerts; i++) {
            assertEquals(1, KlaxonTestEnvironment.twilio().messagesTo(firstPhones.get(i)).size());
            assertEquals(1, KlaxonTestEnvironment.twilio().messagesTo(secondPhones.get(i)).size());
        }
        // each alert was escalated once, and wrote one page per step: a double advance shows here even before a send
        for (String alertId : alertIds) {
            assertEquals(1, Api.timeline(alertId).stream().filter(m -> m.startsWith("Step 1 was not acknowledged")).count(),
                    "escalations of " + alertId + ": " + Api.timeline(alertId));
            assertEquals(2, Api.notifications(alertId).size(), "pages of " + alertId + ": " + Api.notifications(alertId));
        }
    }
}
