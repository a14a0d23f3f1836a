package dev.klaxon.testing;

import dev.klaxon.notify.Dispatcher;
import dev.klaxon.notify.OutboxClaims;
import dev.klaxon.notify.OutboxEntry;
import dev.klaxon.platform.KlaxonConfig;
import io.quarkus.arc.Arc;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A replica that dies mid-send, played with the paths every replica uses: with this JVM's dispatcher loop
 * {@linkplain Dispatcher#pause() paused}, the page is claimed through {@link OutboxClaims#claimDue(int)} (so the row has
 * exactly the shape a real claim gives it), optionally handed to the channel's own sender, and then its lease runs
 * out on the test clock. Call {@link Settled#await()} before pausing: the only due page must be the test's own.
 */
public final class DyingReplica {

    private DyingReplica() {
    }

    /** Claims the one due page, which must be for {@code address}; fails if anything else was due. */
    public static OutboxEntry claim(String address) {
        OutboxClaims claims = Arc.container().instance(OutboxClaims.class).get();
        List<OutboxEntry> claimed = new ArrayList<>();
        Pages.until("the page to " + address + " is claimed", () -> {
            claimed.addAll(claims.claimDue(100));
            return !claimed.isEmpty();
        });
        assertEquals(1, claimed.size(), "only this test's page is due: " + claimed);
        assertEquals(address, claimed.get(0).address);
        return claimed.get(0);
    }

    /** The dead replica's lease runs out and this replica reconciles (the clustered sweep may get there first). */
    public static void leaseRunsOut() {
        TestClock clock = Arc.container().instance(TestClock.class).get();
        clock.advance(Arc.container().instance(KlaxonConfig.class).get().dispatch().lease().plusSeconds(1));
        Arc.container().instance(Dispatcher.class).get().reconcileExpiredLeases();
    }
}
