package dev.klaxon.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A time during which a service's alerts are recorded but nobody is paged. */
@Entity
@Table(name = "maintenance_window")
public class MaintenanceWindow extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID serviceId;
    public Instant startAt;
    public Instant endAt;
    public String reason;
    public String createdBy;
    public Instant createdAt;

    public boolean activeAt(Instant t) {
        return !t.isBefore(startAt) && t.isBefore(endAt);
    }
}
