package dev.klaxon.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.quarkus.arc.Arc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Application counters as this test class changed them: the registry is app-wide and lives for the whole run, so
 * {@link TestIsolation} takes a baseline before every class and {@link #count} answers the difference.
 */
public final class Metrics {

    private static final Map<Meter.Id, Double> BASELINE = new ConcurrentHashMap<>();

    private Metrics() {
    }

    static void baseline(MeterRegistry registry) {
        BASELINE.clear();
        registry.getMeters().stream().filter(m -> m instanceof Counter).map(m -> (Counter) m)
                .forEach(c -> BASELINE.put(c.getId(), c.count()));
    }

    /** The sum of the counters with this name and these tags (key, value, …) since the class started. */
    public static double count(String name, String... tags) {
        MeterRegistry registry = Arc.container().instance(MeterRegistry.class).get();
        return Search.in(registry).name(name).tags(tags).counters().stream()
                .mapToDouble(c -> c.count() - BASELINE.getOrDefault(c.getId(), 0.0)).sum();
    }
}
