package dev.klaxon.testing;

import dev.klaxon.notify.Dispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The one place that gives every {@code @QuarkusTest} class a fresh start, whatever ran before it (registered in
 * {@code META-INF/services}, so no test can forget it). Before each class it:
 * <ol>
 *   <li>lets the previous class's pages settle ({@link Settled}), so nothing of it is sent into this one;</li>
 *   <li>empties every Klaxon table except the secrets (the ack-link signing key stays cached in the application),
 *       so no real-time sweep acts on another class's alerts, pages or windows;</li>
 *   <li>sets the {@link TestClock} back to {@link TestClock#START};</li>
 *   <li>resets the fakes: no queued faults, stalls or hangs, nothing recorded, their clocks back to the system
 *       clock (the SMTP server keeps its mail: every test mails its own, random address);</li>
 *   <li>closes every circuit breaker (per channel and per provider endpoint);</li>
 *   <li>takes a new baseline for {@link Metrics}, so metric assertions see this class's counts only;</li>
 *   <li>resumes this JVM's dispatcher loop, in case a class paused it to stand in for a dead replica.</li>
 * </ol>
 * Test methods within one class still share all of this: they scope their assertions by their own ids and phones.
 */
public class TestIsolation implements QuarkusTestBeforeClassCallback {

    private static final Logger LOG = Logger.getLogger(TestIsolation.class);

    /** Every table the migrations create for Klaxon, except {@code klaxon_secret}, Flyway's and Quartz's. */
    static final String TABLES = String.join(", ", "outbox", "alert_log", "alert_group", "alert", "heartbeat_state",
            "maintenance_window", "integration", "service", "escalation_policy", "schedule_gap_notice",
            "calendar_feed", "schedule_override", "schedule", "notification_rule", "contact_method_confirmation",
            "contact_method", "api_token", "team", "app_user", "audit_log", "expiry_check");

    @Override
    public void beforeClass(Class<?> testClass) {
        if (Arc.container() == null || Arc.container().instance(TestClock.class).get() == null) {
            return;
        }
        Arc.container().instance(Dispatcher.class).get().resume(); // a class that stood in for a dead replica
        try {
            Settled.await(Duration.ofSeconds(10));
        } catch (AssertionError e) {
            // the previous class left a page hanging (a provider fault it injected); the reset below ends it
            LOG.warnf("before %s: %s", testClass.getSimpleName(), e.getMessage());
        }
        resetFakes();
        emptyTables();
        Arc.container().instance(TestClock.class).get().reset();
        Arc.container().instance(CircuitBreakerMaintenance.class).get().resetAll();
        Metrics.baseline(Arc.container().instance(MeterRegistry.class).get());
    }

    private static void resetFakes() {
        if (KlaxonTestEnvironment.twilio() != null) {
            KlaxonTestEnvironment.twilio().releaseStalls();
            KlaxonTestEnvironment.twilio().reset();
            KlaxonTestEnvironment.twilio().useClock(null);
        }
        if (KlaxonTestEnvironment.ntfy() != null) {
            KlaxonTestEnvironment.ntfy().reset();
        }
        if (KlaxonTestEnvironment.pushover() != null) {
            KlaxonTestEnvironment.pushover().reset();
        }
    }

    private static void emptyTables() {
        try (Connection c = KlaxonTestEnvironment.connect(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE " + TABLES + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the test database between classes", e);
        }
    }
}
