package dev.klaxon.alert;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An alert. Updates write only the columns that changed ({@code DynamicUpdate}): a duplicate trigger counts itself
 * with one statement of its own ({@link AlertService}) while another transaction may hold this entity, and a full-row
 * update from that one must not write back the columns it did not change.
 */
@Entity
@DynamicUpdate
@Table(name = "alert")
public class Alert extends PanacheEntityBase {
    @Id
    public UUID id;
    /** Short number, unique per installation, used in SMS replies; assigned by the database. */
    @Generated
    public Long number;
    public UUID serviceId;
    @Enumerated(EnumType.STRING)
    public AlertStatus status;
    public String summary;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    public String source;
    public String dedupKey;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> details;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Link> links;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant lastTriggeredAt;
    public Instant acknowledgedAt;
    public String acknowledgedBy;
    public Instant resolvedAt;
    /** Escalation position: which pass through the policy, which step was last paged, when the next is due. */
    public int escalationRound;
    public int escalationStep;
    public Instant nextEscalationAt;
    /** When the acknowledgement runs out (ackTimeout or snooze) and the alert re-triggers; null: never. */
    public Instant ackExpiresAt;
    public Instant snoozedUntil;
    /** How often escalation restarted from step 0 (ack timeout, snooze); null before the first restart. */
    public Integer escalationCycle;
    /** Paging waits for a maintenance window ending then. */
    public Instant pagingDeferredUntil;
    /**
     * Duplicate triggers folded into this open alert, and when the last one came. Written only by the one-statement
     * dedup in {@link AlertService} (never by Hibernate, so no stale copy can overwrite a count).
     */
    @Column(insertable = false, updatable = false)
    public int duplicateCount;
    @Column(insertable = false, updatable = false)
    public Instant lastDuplicateAt;

    /** Prefix of this alert's page keys: a restarted escalation must not collide with the pages of the first. */
    public String pageKeyPrefix() {
        return escalationCycle == null || escalationCycle == 0 ? id.toString() : id + "/" + escalationCycle;
    }
}
