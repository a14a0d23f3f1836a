package dev.klaxon.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One outgoing message to one contact method. */
@Entity
@Table(name = "outbox")
public class OutboxEntry extends PanacheEntityBase {
    @Id
    public UUID id;
    /** Unique per (alert, round, step, user, contact method, rule): the same page is never written twice. */
    public String pageKey;
    public UUID alertId;
    public UUID userId;
    public UUID contactMethodId;
    /** VOICE, SMS, EMAIL, NTFY, PUSHOVER, WEBHOOK. */
    public String channel;
    public String address;
    public String subject;
    public String body;
    /** The ack link for text channels; the TwiML URL for calls. */
    public String actionUrl;
    @Enumerated(EnumType.STRING)
    public OutboxStatus status;
    public Instant notBefore;
    public Instant leaseUntil;
    public int attempts;
    public String providerId;
    public String providerStatus;
    public String error;
    public Instant createdAt;
    public Instant sentAt;
    public Instant updatedAt;
}
