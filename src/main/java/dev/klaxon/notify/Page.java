package dev.klaxon.notify;

import java.time.Instant;
import java.util.UUID;

/** A message to write to the outbox. */
public record Page(String pageKey, UUID alertId, UUID userId, UUID contactMethodId, String channel, String address,
                   String subject, String body, String actionUrl, Instant notBefore) {
}
