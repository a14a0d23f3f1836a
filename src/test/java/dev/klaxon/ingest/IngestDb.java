package dev.klaxon.ingest;

import dev.klaxon.testing.KlaxonTestEnvironment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Read-only looks at what ingest wrote for one service, straight from the test database. */
final class IngestDb implements AutoCloseable {

    /** Alerts, timeline lines and outbox rows of a service: if a refused request changed any, it wrote something. */
    record Footprint(long alerts, long timeline, long pages) {
    }

    private final Connection c;

    IngestDb() throws SQLException {
        this.c = KlaxonTestEnvironment.connect();
    }

    Footprint footprint(String serviceId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT (SELECT count(*) FROM alert WHERE service_id = ?1),
                       (SELECT count(*) FROM alert_log l JOIN alert a ON a.id = l.alert_id WHERE a.service_id = ?1),
                       (SELECT count(*) FROM outbox o JOIN alert a ON a.id = o.alert_id WHERE a.service_id = ?1)
                """.replace("?1", "?::uuid"))) {
            for (int i = 1; i <= 3; i++) {
                st.setString(i, serviceId);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Footprint(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    /** Opens {@code count} alerts on a service directly, as if a storm had already happened. */
    void openAlerts(String serviceId, int count) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO alert (id, service_id, status, summary, severity, dedup_key, created_at, updated_at, last_triggered_at)
                SELECT gen_random_uuid(), ?::uuid, 'TRIGGERED', 'storm ' || g, 'CRITICAL', 'storm-' || g, now(), now(), now()
                FROM generate_series(1, ?) g""")) {
            st.setString(1, serviceId);
            st.setInt(2, count);
            st.executeUpdate();
        }
    }

    long openAlertCount(String serviceId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM alert WHERE service_id = ?::uuid AND status <> 'RESOLVED'")) {
            st.setString(1, serviceId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static UUID uuid(String s) {
        return UUID.fromString(s);
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
