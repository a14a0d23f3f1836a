package dev.klaxon.testing;

import dev.klaxon.notify.Dispatcher;
import io.quarkus.arc.Arc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The one wait to use before asserting that something was <em>not</em> sent, and before moving the test clock.
 *
 * <p>"Settled" means, seen twice in a row {@value #QUIET_MILLIS} ms apart with nothing changing in between: the
 * dispatcher of this JVM holds no send-pool slot ({@link Dispatcher#inFlight()}), no outbox row is SENDING, no
 * PENDING row is due at the test clock's now, and neither the outbox nor any fake provider has seen anything new.
 * A page that would go out late goes out before this returns, so a negative assertion after it can fail.</p>
 *
 * <p>Checking right after {@code dispatcher.drain()} is not enough: drain only hands rows to the send pool.</p>
 */
public final class Settled {

    static final long QUIET_MILLIS = 150;

    private Settled() {
    }

    /** Waits until nothing is in flight and nothing is due; fails after {@link Eventually#TIMEOUT} saying what was busy. */
    public static void await() {
        await(Eventually.TIMEOUT);
    }

    static void await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        State previous = null;
        State now = null;
        while (System.nanoTime() < deadline) {
            now = State.read();
            if (now.idle() && now.equals(previous)) {
                return;
            }
            previous = now.idle() ? now : null;
            try {
                Thread.sleep(QUIET_MILLIS); // the quiet interval itself, not a wait for domain time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for the outbox to settle", e);
            }
        }
        throw new AssertionError("the outbox did not settle within " + timeout + "; last: " + now);
    }

    /** What is busy or changing; {@code equals} compares everything, so two equal idle reads mean quiet. */
    record State(int dispatcherInFlight, int sending, int due, int rows, Timestamp lastUpdate, List<Integer> fakes) {

        boolean idle() {
            return dispatcherInFlight == 0 && sending == 0 && due == 0;
        }

        static State read() {
            int inFlight = Arc.container().instance(Dispatcher.class).get().inFlight();
            TestClock clock = Arc.container().instance(TestClock.class).get();
            try (Connection c = KlaxonTestEnvironment.connect();
                 PreparedStatement st = c.prepareStatement("""
                         SELECT count(*) FILTER (WHERE status = 'SENDING'),
                                count(*) FILTER (WHERE status = 'PENDING' AND not_before <= ?),
                                count(*), max(updated_at)
                         FROM outbox""")) {
                st.setTimestamp(1, Timestamp.from(clock.instant()));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return new State(inFlight, rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getTimestamp(4),
                            fakeRequestCounts());
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private static List<Integer> fakeRequestCounts() {
            return List.of(size(KlaxonTestEnvironment.twilio() == null ? null : KlaxonTestEnvironment.twilio().requests()),
                    size(KlaxonTestEnvironment.ntfy() == null ? null : KlaxonTestEnvironment.ntfy().requests()),
                    size(KlaxonTestEnvironment.pushover() == null ? null : KlaxonTestEnvironment.pushover().requests()),
                    KlaxonTestEnvironment.smtp() == null ? 0 : KlaxonTestEnvironment.smtp().getReceivedMessages().length);
        }

        private static int size(List<?> l) {
            return Objects.requireNonNullElse(l, List.of()).size();
        }
    }
}
