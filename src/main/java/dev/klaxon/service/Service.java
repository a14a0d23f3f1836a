package dev.klaxon.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "service")
public class Service extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    public UUID escalationPolicyId;
    public Long ackTimeoutSeconds;
    public Long autoResolveSeconds;
    public Instant createdAt;
}
