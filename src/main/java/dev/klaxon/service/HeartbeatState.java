package dev.klaxon.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A heartbeat integration's last beat, and since when its silence has an alert open. */
@Entity
@Table(name = "heartbeat_state")
public class HeartbeatState extends PanacheEntityBase {
    @Id
    public UUID integrationId;
    public Instant lastBeatAt;
    public Instant missedAt;
}
