package dev.klaxon.auth;

import dev.klaxon.platform.Role;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    @Enumerated(EnumType.STRING)
    public Role role;
    public UUID userId;
    /** SHA-256 of the token, hex. The token itself is shown once and never stored. */
    public String tokenHash;
    public Instant createdAt;
    public Instant lastUsedAt;
}
