package dev.klaxon.directory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "contact_method")
public class ContactMethod extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID userId;
    @Enumerated(EnumType.STRING)
    public ContactType type;
    /** E.164 for VOICE and SMS. */
    public String address;
    public String label;
    public boolean confirmed;
    /** Set when the phone replied STOP; such a method is not paged until START. */
    public boolean disabled;
    public Instant createdAt;

    public boolean pageable() {
        return confirmed && !disabled;
    }
}
