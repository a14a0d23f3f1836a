package dev.klaxon.directory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The code that confirms one contact method, kept as an HMAC only. */
@Entity
@Table(name = "contact_method_confirmation")
public class ConfirmationCode extends PanacheEntityBase {
    @Id
    public UUID contactMethodId;
    public String codeHash;
    public Instant expiresAt;
    public int attempts;
    public Instant sentAt;
}
