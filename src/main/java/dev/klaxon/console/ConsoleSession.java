package dev.klaxon.console;

import dev.klaxon.platform.Role;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A signed-in console session; keyed by the SHA-256 of its id, which only the browser's cookie holds. */
@Entity
@Table(name = "console_session")
public class ConsoleSession extends PanacheEntityBase {
    @Id
    public String idHash;
    /** Null for the bootstrap admin token, which belongs to nobody. */
    public UUID userId;
    /** The role of the token signed in with; each request acts with the lower of it and the user's current role. */
    @Enumerated(EnumType.STRING)
    public Role role;
    public String actor;
    public Instant createdAt;
    public Instant lastSeenAt;
    public Instant expiresAt;
    /** The provider's end_session_endpoint for a session started through OpenID Connect; null otherwise. */
    public String endSessionUrl;
}
