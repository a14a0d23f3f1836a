package dev.klaxon.engine;

import dev.klaxon.notify.Dispatcher;
import dev.klaxon.testing.Await;
import dev.klaxon.testing.KlaxonTestEnvironment;
import dev.klaxon.testing.Pages;
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
 * Engines share nothing but the database. Here the application's own sweep and dispatcher run while two more
 * engines (each with its own transactions and connections) sweep and dispatch the same rows at the same moment:
 * every page must leave exactly once.
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
        for (int i = 0; i < alerts; i++) {
            String first = user("First Responder");
            String second = user("Second Responder");
            firstPhones.add(phone());
            secondPhones.add(phone());
            contact(first, "SMS", firstPhones.get(i));
            contact(second, "SMS", secondPhones.get(i));
            String key = integration(service(policy("PT5M", 0, first, second)), "GENERIC");
            hook(key, "{\"action\":\"trigger\",\"summary\":\"shard " + i + " down\"}").then().statusCode(202);
        }
        firstPhones.forEach(p -> Pages.awaitSms(p, 1));
        Await.outboxSettled(); // a clock jump over an in-flight send would expire its lease

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
        int swept = 0;
        for (Future<Integer> f : pool.invokeAll(engines)) {
            swept += f.get();
        }
        pool.shutdown();
        secondPhones.forEach(p -> Pages.awaitSms(p, 1));
        // let every engine run dry, then count: no duplicates anywhere
        sweep.runOnce();
        dispatcher.drain();
        dispatcher.drain();
        for (int i = 0; i < alerts; i++) {
            assertEquals(1, KlaxonTestEnvironment.twilio().messagesTo(firstPhones.get(i)).size());
            assertEquals(1, KlaxonTestEnvironment.twilio().messagesTo(secondPhones.get(i)).size());
        }
        org.junit.jupiter.api.Assertions.assertTrue(swept <= 2 * alerts, "claims: " + swept);
    }
}
