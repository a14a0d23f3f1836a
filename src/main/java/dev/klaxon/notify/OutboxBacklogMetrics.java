package dev.klaxon.notify;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The outbox backlog as two gauges, for the "pages are not leaving" alert of the Helm chart's PrometheusRule:
 * {@code klaxon_outbox_due_pages} (pending pages whose time has come) and {@code klaxon_outbox_oldest_due_seconds}
 * (how long the oldest of them has been due, 0 when none is). Both are cluster-wide, so every replica reports the
 * same figure; alert on {@code max}.
 *
 * <p>Read at scrape time, at most once per {@link #MAX_AGE}, with a query timeout: a scrape never piles queries on
 * the database. When the database cannot answer, both gauges are NaN (no alert fires on NaN; the replica's
 * readiness says why), and stay so until the next reading.</p>
 */
@ApplicationScoped
public class OutboxBacklogMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxBacklogMetrics.class);
    static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    /** A reading: how many pages are due and how long the oldest has waited, in seconds. */
    record Backlog(double duePages, double oldestDueSeconds, long readAtNanos) {
        static Backlog unknown(long readAtNanos) {
            return new Backlog(Double.NaN, Double.NaN, readAtNanos);
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    InstantSource clock;

    @Inject
    MeterRegistry metrics;

    private Backlog last;

    void register(@Observes StartupEvent e) {
        Gauge.builder("klaxon.outbox.due.pages", this, m -> m.backlog().duePages())
                .description("pending pages whose time has come, cluster-wide").register(metrics);
        Gauge.builder("klaxon.outbox.oldest.due.seconds", this, m -> m.backlog().oldestDueSeconds())
                .description("how long the oldest due page has waited, cluster-wide").register(metrics);
    }

    /** The last reading, refreshed first when it is older than {@link #MAX_AGE} (process time, not domain time). */
    synchronized Backlog backlog() {
        if (last != null && System.nanoTime() - last.readAtNanos() < MAX_AGE.toNanos()) {
            return last;
        }
        last = read(clock.instant());
        return last;
    }

    /** Reads the backlog as of {@code now}; NaN figures when the database cannot answer. */
    Backlog read(Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT count(*), min(not_before) FROM outbox WHERE status = 'PENDING' AND not_before <= ?")) {
            st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            st.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Timestamp oldest = rs.getTimestamp(2);
                double waited = oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0);
                return new Backlog(rs.getLong(1), waited, System.nanoTime());
            }
        } catch (SQLException | RuntimeException ex) {
            LOG.debugf("outbox backlog not readable: %s", ex.getMessage());
            return Backlog.unknown(System.nanoTime());
        }
    }
}
