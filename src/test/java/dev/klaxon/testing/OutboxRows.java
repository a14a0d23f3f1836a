package dev.klaxon.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Outbox rows as a replica leaves them when it dies mid-send: written straight into the table, because a dying
 * replica is exactly what the application must not be asked to simulate.
 */
public final class OutboxRows {

    private OutboxRows() {
    }

    /** A row claimed by a replica (status SENDING, lease until {@code leaseUntil}), copied from an alert's real page. */
    public static UUID insertClaimed(String alertId, String userId, String contactMethodId, String channel, String address,
                                     String subject, String body, String actionUrl, Instant createdAt, Instant leaseUntil) {
        UUID id = UUID.randomUUID();
        try (Connection c = KlaxonTestEnvironment.connect();
             PreparedStatement st = c.prepareStatement("""
                     INSERT INTO outbox (id, page_key, alert_id, user_id, contact_method_id, channel, address, subject, body,
                                         action_url, status, not_before, lease_until, attempts, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'SENDING', ?, ?, 1, ?, ?)""")) {
            st.setObject(1, id);
            st.setString(2, "died-mid-send:" + id);
            st.setObject(3, UUID.fromString(alertId));
            st.setObject(4, UUID.fromString(userId));
            st.setObject(5, contactMethodId == null ? null : UUID.fromString(contactMethodId));
            st.setString(6, channel);
            st.setString(7, address);
            st.setString(8, subject);
            st.setString(9, body);
            st.setString(10, actionUrl);
            st.setTimestamp(11, Timestamp.from(createdAt));
            st.setTimestamp(12, Timestamp.from(leaseUntil));
            st.setTimestamp(13, Timestamp.from(createdAt));
            st.setTimestamp(14, Timestamp.from(createdAt));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** The replica holding the row is gone: its lease ran out. */
    public static void expireLease(UUID rowId, Instant leaseUntil) {
        try (Connection c = KlaxonTestEnvironment.connect();
             PreparedStatement st = c.prepareStatement("UPDATE outbox SET lease_until = ? WHERE id = ?")) {
            st.setTimestamp(1, Timestamp.from(leaseUntil));
            st.setObject(2, rowId);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
