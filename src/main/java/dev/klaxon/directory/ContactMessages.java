package dev.klaxon.directory;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * How the directory sends a message straight to one contact method — a test message, a confirmation code — without
 * knowing how messages go out. The directory owns this interface and notify implements it, so the dependency runs
 * notify → directory only. Calls join the caller's transaction: the message is written if and only if it commits.
 */
public interface ContactMessages {

    /**
     * Queues Klaxon's test message to the method, to go out now.
     *
     * @return the id of the queued outbox row
     */
    UUID sendTest(ContactMethod method);

    /**
     * Queues an SMS to the method's number, to go out now, whatever the method's own type (VOICE numbers get their
     * confirmation code by SMS too).
     *
     * @param key  unique key of this message; a second call with the same key sends nothing
     * @param at   when it was decided (the injected clock's now)
     */
    void sendSms(String key, ContactMethod method, String subject, String body, Instant at);

    /**
     * The numbers SMS with keys starting with {@code keyPrefix} went to for this user since then, each with the time
     * of the first such SMS in that period (a deleted contact method's messages still count).
     */
    Map<String, Instant> smsSentSince(UUID userId, String keyPrefix, Instant since);
}
