package dev.klaxon.notify;

import dev.klaxon.directory.ContactMessages;
import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.ContactType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The directory's direct messages, written to the outbox like every other page. */
@ApplicationScoped
public class OutboxContactMessages implements ContactMessages {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Override
    public UUID sendTest(ContactMethod m) {
        return outbox.enqueueTest(m.userId, m.id, m.type.name(), m.address);
    }

    @Override
    public void sendSms(String key, ContactMethod m, String subject, String body, Instant at) {
        outbox.enqueue(new Page(key, null, m.userId, m.id, ContactType.SMS.name(), m.address, subject, body, null, at));
    }

    @Override
    public Map<String, Instant> smsSentSince(UUID userId, String keyPrefix, Instant since) {
        Map<String, Instant> out = new HashMap<>();
        em.createQuery("select e.address, min(e.createdAt) from OutboxEntry e where e.userId = ?1 and e.pageKey like ?2"
                        + " and e.createdAt >= ?3 group by e.address", Object[].class)
                .setParameter(1, userId).setParameter(2, keyPrefix.replace("%", "\\%").replace("_", "\\_") + "%")
                .setParameter(3, since).getResultList()
                .forEach(r -> out.put((String) r[0], (Instant) r[1]));
        return out;
    }
}
