package dev.klaxon.notify.render;

import java.time.Instant;
import java.util.UUID;

/** What a signed ack link says: this user may act on this alert until then. */
public record AckToken(UUID alertId, UUID userId, Instant expiresAt) {
}
