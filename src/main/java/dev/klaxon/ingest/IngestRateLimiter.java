package dev.klaxon.ingest;

import dev.klaxon.platform.KlaxonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per integration, kept in this replica's memory: a storm must not cost a database write per event
 * just to be refused, so with N replicas behind a load balancer the cluster admits up to N times the limit.
 * Time comes from the injected clock, so tests refill a bucket by moving it.
 */
@ApplicationScoped
public class IngestRateLimiter {

    /** Buckets kept before idle (full) ones are dropped; a dropped bucket comes back full, which is what it was. */
    static final int MAX_BUCKETS = 10_000;

    @Inject
    KlaxonConfig config;

    @Inject
    InstantSource clock;

    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes one token. @return empty when admitted, else the seconds until a token is there (at least 1). */
    public OptionalLong acquire(UUID integrationId) {
        int perMinute = config.ingest().rateLimit().eventsPerMinute();
        if (perMinute <= 0) {
            return OptionalLong.empty();
        }
        double capacity = Math.max(1, config.ingest().rateLimit().burst());
        double perSecond = perMinute / 60.0;
        Instant now = clock.instant();
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(b -> b.isFullAt(now, capacity, perSecond));
        }
        return buckets.computeIfAbsent(integrationId, id -> new Bucket(capacity, now)).take(now, capacity, perSecond);
    }

    private static final class Bucket {
        private double tokens;
        private Instant updated;

        Bucket(double tokens, Instant at) {
            this.tokens = tokens;
            this.updated = at;
        }

        synchronized OptionalLong take(Instant now, double capacity, double perSecond) {
            refill(now, capacity, perSecond);
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1, (long) Math.ceil((1 - tokens) / perSecond)));
        }

        synchronized boolean isFullAt(Instant now, double capacity, double perSecond) {
            refill(now, capacity, perSecond);
            return tokens >= capacity;
        }

        private void refill(Instant now, double capacity, double perSecond) {
            if (now.isAfter(updated)) {
                double seconds = (now.toEpochMilli() - updated.toEpochMilli()) / 1000.0;
                tokens = Math.min(capacity, tokens + seconds * perSecond);
                updated = now;
            }
        }
    }
}
