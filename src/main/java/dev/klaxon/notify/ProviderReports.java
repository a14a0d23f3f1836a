package dev.klaxon.notify;

import dev.klaxon.platform.SqlTimes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Circuit breakers live in each replica's memory; this shares them through the database ({@code provider_state}),
 * so that one replica can tell whether a provider is failing for the cluster: every replica reports its view every
 * few seconds, and a report older than {@link #FRESH} is from a replica that is gone.
 */
@ApplicationScoped
@Transactional
public class ProviderReports {

    /** A replica that has not reported for this long is not counted. */
    public static final Duration FRESH = Duration.ofSeconds(30);

    /** One replica's view of one channel's provider. */
    public record Report(Instant failingSince, Instant lastSuccess) {
    }

    @Inject
    EntityManager em;

    @Inject
    InstantSource clock;

    @Inject
    Breakers breakers;

    private final String replica = UUID.randomUUID().toString();

    /** Writes this replica's view of every channel's provider. */
    public void report() {
        Instant now = clock.instant();
        for (Map.Entry<String, CircuitBreaker.Snapshot> e : breakers.providers().entrySet()) {
            em.createNativeQuery("""
                            INSERT INTO provider_state (replica, channel, failing_since, last_success_at, reported_at)
                            VALUES (?1, ?2, CAST(?3 AS timestamptz), CAST(?4 AS timestamptz), ?5)
                            ON CONFLICT (replica, channel) DO UPDATE SET failing_since = EXCLUDED.failing_since,
                                last_success_at = EXCLUDED.last_success_at, reported_at = EXCLUDED.reported_at""")
                    .setParameter(1, replica).setParameter(2, e.getKey())
                    .setParameter(3, e.getValue().failingSince())
                    .setParameter(4, e.getValue().lastSuccess())
                    .setParameter(5, now).executeUpdate();
        }
        em.createNativeQuery("DELETE FROM provider_state WHERE reported_at < ?1")
                .setParameter(1, now.minus(Duration.ofDays(1))).executeUpdate();
    }

    /** Since when each failing channel's provider has been failing for the cluster; channels that work are absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Instant> failing() {
        Instant now = clock.instant();
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT channel, failing_since, last_success_at FROM provider_state WHERE reported_at >= ?1""")
                .setParameter(1, now.minus(FRESH)).getResultList();
        Map<String, List<Report>> byChannel = new TreeMap<>();
        for (Object[] r : rows) {
            byChannel.computeIfAbsent((String) r[0], c -> new ArrayList<>())
                    .add(new Report(SqlTimes.instant(r[1]), SqlTimes.instant(r[2])));
        }
        Map<String, Instant> out = new TreeMap<>();
        byChannel.forEach((channel, reports) -> {
            Instant since = failingSince(reports);
            if (since != null) {
                out.put(channel, since);
            }
        });
        return out;
    }

    /**
     * Whether replicas' reports say a provider is failing, and since when. A breaker that opened after the last
     * successful call any replica made says it is; a success after a breaker opened (another replica's trial call
     * got through) says the provider is back, even while replicas that have not tried it since still hold their
     * breakers open. Pure.
     *
     * @return the earliest opening after the last success, or null when it works
     */
    public static Instant failingSince(List<Report> reports) {
        Instant lastSuccess = reports.stream().map(Report::lastSuccess).filter(s -> s != null)
                .max(Instant::compareTo).orElse(null);
        return reports.stream().map(Report::failingSince).filter(s -> s != null)
                .filter(s -> lastSuccess == null || s.isAfter(lastSuccess)).min(Instant::compareTo).orElse(null);
    }
}
