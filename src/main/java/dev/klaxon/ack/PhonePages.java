package dev.klaxon.ack;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.UUID;

/**
 * Which alerts a phone may act on by SMS reply: only those paged to that number (by SMS or call, on their own or
 * inside a bundle that went out). Alert numbers are sequential, so without this a typo — or a guess — would act on
 * another team's alert.
 */
@ApplicationScoped
public class PhonePages {

    @Inject
    EntityManager em;

    /** Whether a page of this alert went out to this E.164 number. */
    public boolean wasPaged(UUID alertId, String phone) {
        return (Boolean) em.createNativeQuery("""
                        SELECT EXISTS (SELECT 1 FROM outbox o LEFT JOIN outbox b ON b.id = o.bundle_id
                                       WHERE o.address = ?1 AND o.alert_id = ?2
                                         AND (o.sent_at IS NOT NULL OR b.sent_at IS NOT NULL))""")
                .setParameter(1, phone).setParameter(2, alertId).getSingleResult();
    }
}
