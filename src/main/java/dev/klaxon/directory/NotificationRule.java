package dev.klaxon.directory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "notification_rule")
public class NotificationRule extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID userId;
    public UUID contactMethodId;
    public long delaySeconds;
    /** Page this contact method again every so often (null: once) until acknowledged or the step moves on. */
    public Long repeatSeconds;
    public Instant createdAt;
}
