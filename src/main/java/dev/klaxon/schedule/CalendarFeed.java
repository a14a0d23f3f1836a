package dev.klaxon.schedule;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A user's secret calendar URL; only the SHA-256 of its secret is kept. */
@Entity
@Table(name = "calendar_feed")
public class CalendarFeed extends PanacheEntityBase {
    @Id
    public UUID userId;
    public String tokenHash;
    public Instant createdAt;
}
