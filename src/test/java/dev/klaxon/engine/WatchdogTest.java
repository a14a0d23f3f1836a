package dev.klaxon.engine;

import dev.klaxon.testing.FakeHttpServer;
import dev.klaxon.testing.KlaxonTestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pager's own dead-man's switch: a ready replica pings klaxon.watchdog.url on its interval (0.5 s in tests). */
@QuarkusTest
class WatchdogTest {

    @Test
    void readyReplicaPingsTheWatchdogOnItsInterval() {
        FakeHttpServer fake = KlaxonTestEnvironment.watchdog();
        int before = fake.requests().size();
        List<FakeHttpServer.Request> pings = fake.await(r -> r.path().equals(KlaxonTestEnvironment.WATCHDOG_PATH),
                before + 3, Duration.ofSeconds(10));
        FakeHttpServer.Request last = pings.get(pings.size() - 1);
        assertEquals("GET", last.method());
        assertEquals("Klaxon watchdog", last.header("User-Agent"));
    }
}
