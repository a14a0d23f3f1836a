package dev.klaxon.ingest;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertEvent;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.GroupSnapshot;
import dev.klaxon.alert.Severity;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.service.HeartbeatService;
import dev.klaxon.service.Integration;
import dev.klaxon.service.IntegrationKeys;
import dev.klaxon.service.IntegrationType;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What every ingest path does, whatever the format: find the integration by its key, admit the event under the
 * integration's rate limit, apply it to the alert state machine (folding it into an overflow alert when its
 * service has too many open alerts), and count the outcome.
 */
@ApplicationScoped
public class Ingestion {

    /** The dedup key of a service's "too many open alerts" alert. */
    public static final String OVERFLOW_KEY = "klaxon:overflow";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** What one event did: the alert it landed in (if any) and the outcome counted for it. */
    public record Result(Alert alert, String dedupKey, String outcome) {
    }

    @Inject
    ServiceCatalog services;

    @Inject
    IntegrationKeys keys;

    @Inject
    AlertService alerts;

    @Inject
    HeartbeatService heartbeats;

    @Inject
    IngestRateLimiter limiter;

    @Inject
    KlaxonConfig config;

    @Inject
    InstantSource clock;

    @Inject
    MeterRegistry metrics;

    /** The counters already registered, so a request does not build and look up a meter id each time. */
    private final Map<String, io.micrometer.core.instrument.Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The integration for a key, or 404. Read through this replica's cache ({@link IntegrationKeys}); a malformed
     * key costs what a wrong one costs.
     */
    public Integration lookup(String key) {
        boolean wellFormed = key != null && KEY.matcher(key).matches();
        return keys.byKey(wellFormed ? key : "").filter(i -> wellFormed)
                .orElseThrow(() -> KlaxonException.notFound("integration"));
    }

    /**
     * {@link #lookup} without reading the database, for a request served on the event loop.
     *
     * @return the integration, or empty when this replica has not cached the key (then {@link #lookup} it where
     * blocking is allowed)
     * @throws KlaxonException not found, as {@link #lookup}, when the cache knows that no integration has the key
     */
    public Optional<Integration> lookupCached(String key) {
        boolean wellFormed = key != null && KEY.matcher(key).matches();
        return keys.cachedByKey(wellFormed ? key : "").map(found -> found.filter(i -> wellFormed)
                .orElseThrow(() -> KlaxonException.notFound("integration")));
    }

    /**
     * Takes a token of the integration's rate limit. Over it: 503 with Retry-After for Alertmanager and Grafana,
     * which drop a 4xx without retrying, and 429 with Retry-After for every other format.
     */
    public void admit(Integration i) throws RateLimited {
        OptionalLong retryAfter = limiter.acquire(i.id);
        if (retryAfter.isPresent()) {
            String detail = "integration " + i.name + " is over its rate limit of "
                    + config.ingest().rateLimit().eventsPerMinute() + " events per minute";
            throw new RateLimited(dropsClientErrors(i.type)
                    ? KlaxonException.unavailable(detail, retryAfter.getAsLong())
                    : KlaxonException.tooManyRequests(detail, retryAfter.getAsLong()));
        }
    }

    /** An event refused by the rate limit, with the response that says so. */
    public static final class RateLimited extends Exception {
        final KlaxonException response;

        RateLimited(KlaxonException response) {
            super(response.getMessage(), null, false, false);
            this.response = response;
        }
    }

    static boolean dropsClientErrors(IntegrationType type) {
        return type == IntegrationType.ALERTMANAGER || type == IntegrationType.GRAFANA;
    }

    /** Applies one mapped event in one transaction: all of it is written, or nothing. */
    @Transactional
    public Result accept(Integration i, AlertEvent e) {
        return apply(i, e);
    }

    /**
     * The work of {@link #accept} inside the caller's transaction. A plain duplicate trigger costs one statement
     * ({@link AlertService#countDuplicate}); the open-alert cap is counted (at most {@code cap} index entries) only
     * when a trigger would open a new alert.
     */
    Result apply(Integration i, AlertEvent e) {
        int cap = config.ingest().maxOpenAlertsPerService();
        if (e.action() == AlertEvent.Action.TRIGGER && !OVERFLOW_KEY.equals(e.dedupKey())) {
            if (AlertService.plainTrigger(e)) {
                Optional<AlertService.Outcome> dup = alerts.countDuplicate(i.serviceId, e);
                if (dup.isPresent()) {
                    return result(dup.get(), e);
                }
                if (cap > 0 && alerts.openAtLeast(i.serviceId, cap)) {
                    return folded(i, e, cap);
                }
                return result(alerts.open(i.serviceId, e, actor(i)), e);
            }
            if (cap > 0 && !alerts.hasOpen(i.serviceId, e.dedupKey()) && alerts.openAtLeast(i.serviceId, cap)) {
                return folded(i, e, cap);
            }
        }
        return result(alerts.process(i.serviceId, e, actor(i)), e);
    }

    private Result folded(Integration i, AlertEvent e, int cap) {
        AlertService.Outcome o = alerts.process(i.serviceId, overflow(services.find(i.serviceId), cap, e), actor(i));
        return new Result(o.alert(), e.dedupKey(), "folded");
    }

    private static Result result(AlertService.Outcome o, AlertEvent e) {
        return new Result(o.alert(), e.dedupKey(), o.result().name().toLowerCase(Locale.ROOT));
    }

    /**
     * A trigger past the service's cap joins the service's one overflow alert: people are paged once that the
     * service is flooded, and each folded alert is named on that alert's timeline, once.
     */
    static AlertEvent overflow(Service s, int cap, AlertEvent folded) {
        String name = s == null ? "this service" : s.name;
        String label = Json.truncate(folded.summary() == null ? folded.dedupKey() : folded.summary(), GroupWebhookMapper.MAX_NAME);
        return new AlertEvent(AlertEvent.Action.TRIGGER, OVERFLOW_KEY,
                Json.truncate("Too many open alerts on " + name + ": more than " + cap
                        + " are open, new ones are folded into this alert", Json.MAX_SUMMARY),
                Severity.CRITICAL, "klaxon", Map.of("maxOpenAlerts", cap), List.of(), null,
                new GroupSnapshot(Map.of(folded.dedupKey(), label), Map.of(), false, "folded in"));
    }

    /** A heartbeat's beat; resolves the alert of a missed beat, if one was raised. */
    @Transactional
    public Result beat(Integration i) {
        Instant now = clock.instant();
        Optional<Instant> missed = heartbeats.beat(i.id, now);
        String key = HeartbeatEvents.dedupKey(i.id);
        if (missed.isPresent()) {
            AlertService.Outcome o = alerts.process(i.serviceId, HeartbeatEvents.recovered(i.id, i.name, now), actor(i));
            return new Result(o.alert(), key, o.alert() == null ? "beat" : "resolved");
        }
        return new Result(null, key, "beat");
    }

    /** Counts one request in {@code klaxon_ingest_total{format,outcome}} (both closed sets: the map stays small). */
    public void count(String format, String outcome) {
        counters.computeIfAbsent(format + ' ' + outcome,
                k -> metrics.counter("klaxon.ingest", "format", format, "outcome", outcome)).increment();
    }

    /** The outcome counted for a refused request. */
    static String outcome(KlaxonException e) {
        return switch (e.kind()) {
            case INVALID -> "invalid";
            case NOT_FOUND -> "unknown_key";
            case UNSUPPORTED_FORMAT -> "unsupported_media_type";
            case RATE_LIMITED -> "rate_limited";
            case UNAVAILABLE -> "unavailable";
            default -> "rejected";
        };
    }

    static String format(Integration i) {
        return i.type.name().toLowerCase(Locale.ROOT);
    }

    static String actor(Integration i) {
        return format(i) + ":" + i.name;
    }
}
