package dev.klaxon.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "integration")
public class Integration extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID serviceId;
    @Enumerated(EnumType.STRING)
    public IntegrationType type;
    public String name;
    /** The secret in the webhook URL. */
    public String integrationKey;
    public Long heartbeatSeconds;
    public Instant createdAt;
}
