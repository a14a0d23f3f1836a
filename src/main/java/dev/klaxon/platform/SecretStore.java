package dev.klaxon.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Installation secrets generated once and shared by every replica through the database. */
@ApplicationScoped
public class SecretStore {

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public String get(String name) {
        String v = cache.get(name);
        if (v == null) {
            v = load(name);
            cache.put(name, v);
        }
        return v;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    String load(String name) {
        // the first replica to get here wins; everyone reads the winner's value
        em.createNativeQuery("INSERT INTO klaxon_secret (name, value, created_at) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO NOTHING")
                .setParameter(1, name).setParameter(2, Tokens.random("")).setParameter(3, clock.instant())
                .executeUpdate();
        return (String) em.createNativeQuery("SELECT value FROM klaxon_secret WHERE name = ?1")
                .setParameter(1, name).getSingleResult();
    }
}
