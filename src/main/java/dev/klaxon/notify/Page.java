package dev.klaxon.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A message to write to the outbox. {@code round}/{@code step} name the escalation step that pages (null for
 * test messages); {@code repeat} is the interval of a repeating rule (null: once), {@code repeatIndex} which
 * occurrence this is.
 */
public record Page(String pageKey, UUID alertId, UUID userId, UUID contactMethodId, String channel, String address,
                   String subject, String body, String actionUrl, Instant notBefore, Integer round, Integer step,
                   Duration repeat, int repeatIndex) {

    public Page(String pageKey, UUID alertId, UUID userId, UUID contactMethodId, String channel, String address,
                String subject, String body, String actionUrl, Instant notBefore) {
        this(pageKey, alertId, userId, contactMethodId, channel, address, subject, body, actionUrl, notBefore,
                null, null, null, 0);
    }
}
