package dev.klaxon.check;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A check of something that expires, with its last result. */
@Entity
@Table(name = "expiry_check")
public class ExpiryCheck extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID serviceId;
    @Enumerated(EnumType.STRING)
    public CheckType type;
    /** host:port for TLS_CERTIFICATE, a domain name for DOMAIN_EXPIRY. */
    public String target;
    /** Alert when expiry is this close. */
    public long windowSeconds;
    public Instant createdAt;
    public Instant nextCheckAt;
    public Instant lastCheckedAt;
    public Boolean lastOk;
    public Instant lastExpiresAt;
    public String lastError;
    public String lastWarning;

    /** The alert dedup key: one open alert per check, whatever the result says today. */
    public static String dedupKey(UUID checkId) {
        return "expiry-check:" + checkId;
    }
}
