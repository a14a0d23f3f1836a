package dev.klaxon.schedule;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "schedule_override")
public class StoredOverride extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID scheduleId;
    public UUID userId;
    public Instant startAt;
    public Instant endAt;
    public Instant createdAt;
}
