package dev.klaxon.notify;

import dev.klaxon.directory.ContactMessages;
import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.ContactType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.UUID;

/** The directory's direct messages, written to the outbox like every other page. */
@ApplicationScoped
public class OutboxContactMessages implements ContactMessages {

    @Inject
    Outbox outbox;

    @Override
    public UUID sendTest(ContactMethod m) {
        return outbox.enqueueTest(m.userId, m.id, m.type.name(), m.address);
    }

    @Override
    public void sendSms(String key, ContactMethod m, String subject, String body, Instant at) {
        outbox.enqueue(new Page(key, null, m.userId, m.id, ContactType.SMS.name(), m.address, subject, body, null, at));
    }
}
