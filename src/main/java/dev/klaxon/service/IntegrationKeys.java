package dev.klaxon.service;

import dev.klaxon.platform.KlaxonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this replica knows about integration keys, so that a webhook does not read its integration from the database
 * on every event. Found and unknown keys are both kept (an unknown key then costs what a known one costs: one read
 * at first sight, none after), each for {@code klaxon.ingest.integration-cache-ttl} (default 5 s).
 *
 * <p>Invalidation: a change on this replica (integration added or deleted, service deleted) clears the cache when the
 * change commits, and again as it is made. A change through another replica is seen when the entry runs out: a
 * short TTL instead of a version check, because any check would be a query per event — the very thing the cache
 * saves — and integrations change rarely, so a deleted key that keeps working on other replicas for a few seconds
 * is the whole cost.
 */
@ApplicationScoped
public class IntegrationKeys {

    /** Entries kept at most; past it the cache starts over (random wrong keys cannot grow it without bound). */
    static final int MAX_ENTRIES = 10_000;

    /** What changed integration keys in the current transaction; observed to invalidate. */
    public record Changed() {
    }

    private record Entry(Integration integration, long expiresAtNanos) {
    }

    @Inject
    KlaxonConfig config;

    @Inject
    ServiceCatalog catalog;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * The integration for a webhook key, or empty when no integration has it.
     *
     * @return a copy of the integration's fields, detached from any persistence context (read-only use)
     */
    public Optional<Integration> byKey(String key) {
        Duration ttl = config.ingest().integrationCacheTtl();
        if (ttl.isZero() || ttl.isNegative()) {
            return catalog.byKey(key).map(IntegrationKeys::copy);
        }
        long now = System.nanoTime();
        Entry e = entries.get(key);
        if (e == null || now - e.expiresAtNanos >= 0) {
            Integration found = catalog.byKey(key).map(IntegrationKeys::copy).orElse(null);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            e = new Entry(found, now + ttl.toNanos());
            entries.put(key, e);
        }
        return Optional.ofNullable(e.integration());
    }

    /**
     * What {@link #byKey} would answer, without reading the database: for a caller that must not block (a webhook
     * served on the event loop), which reads the key through {@link #byKey} elsewhere when this is empty.
     *
     * @return empty when this replica holds no fresh entry for the key (or the cache is off); otherwise the cached
     * answer ({@code Optional.empty()} inside: no integration has the key)
     */
    public Optional<Optional<Integration>> cachedByKey(String key) {
        Entry e = entries.get(key);
        if (e == null || System.nanoTime() - e.expiresAtNanos >= 0) {
            return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(e.integration()));
    }

    /** Forgets everything (also what other replicas' changes may have made stale). */
    public void clear() {
        entries.clear();
    }

    void changing(@Observes(during = TransactionPhase.IN_PROGRESS) Changed c) {
        entries.clear();
    }

    void changed(@Observes(during = TransactionPhase.AFTER_COMPLETION) Changed c) {
        // a lookup between the change and its commit may have read (and kept) the old row: forget it again
        entries.clear();
    }

    private static Integration copy(Integration i) {
        Integration c = new Integration();
        c.id = i.id;
        c.serviceId = i.serviceId;
        c.type = i.type;
        c.name = i.name;
        c.integrationKey = i.integrationKey;
        c.heartbeatSeconds = i.heartbeatSeconds;
        c.createdAt = i.createdAt;
        return c;
    }
}
