package dev.klaxon.alert;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The group members an open alert last saw: fingerprint → display name. */
@Entity
@Table(name = "alert_group")
public class AlertGroup extends PanacheEntityBase {
    @Id
    public UUID alertId;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> members;
    public Instant updatedAt;
}
