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
    /** The escalation pass and step that wrote this row (null for test messages and bundles). */
    public Integer escalationRound;
    public Integer escalationStep;
    /** A repeating rule's interval, and which occurrence this row is (0 = the first). */
    public Long repeatSeconds;
    public Integer repeatIndex;
    /** Start of the current send attempt. */
    public Instant claimedAt;
    /** When the row passed the rate limits and went to its provider. */
    public Instant dispatchedAt;
    public Instant deliveredAt;
    /** Highest status-callback sequence number applied. */
    public Integer providerSeq;
    public Instant handedOverAt;
    /** For a row folded into a bundle: the row that carried it. */
    public UUID bundleId;
    /** For a bundle row: how many alerts it covers. */
    public Integer bundleSize;
    /** When its provider started failing this page (failed attempts, breaker refusals, a refusal for good). */
    public Instant failingSince;
    /** Nobody in its step could be reached and the escalation moved on early: it keeps being retried. */
    public boolean outlivesStep;

    /** Page key prefix of a contact method's test message. */
    public static final String TEST_KEY_PREFIX = "test:";

    /** What a message is for, which decides how loudly a channel may deliver it. */
    public enum Kind {
        /** An alert's page or a bundle of them: must wake someone. */
        PAGE,
        /** A contact method's test message: shows what a page will look like, but never repeats. */
        TEST,
        /** Handoff reminders and coverage-gap notices: quiet, at the channel's normal priority at most. */
        NOTICE
    }

    public boolean isBundle() {
        return bundleSize != null;
    }

    public Kind kind() {
        if (alertId != null || isBundle()) {
            return Kind.PAGE;
        }
        return pageKey != null && pageKey.startsWith(TEST_KEY_PREFIX) ? Kind.TEST : Kind.NOTICE;
    }
}
