package dev.klaxon.directory;

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
@Table(name = "app_user")
public class User extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    public String email;
    public String timeZone;
    @Enumerated(EnumType.STRING)
    public Role role;
    public Instant createdAt;
}
