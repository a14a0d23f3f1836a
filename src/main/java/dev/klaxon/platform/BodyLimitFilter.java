package dev.klaxon.platform;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Refuses bodies that declare a Content-Length over 1 MiB with 413 problem+json before a byte of them is read, and
 * closes the connection so a sender of 10 MB is not drained into memory. Chunked bodies declare no length: they are
 * cut at the limit as they are read ({@link BodyLimits}).
 */
@Singleton
public class BodyLimitFilter {

    private static final String TOO_LARGE = "{\"type\":\"about:blank\",\"title\":\"" + BodyLimits.TITLE + "\",\"status\":413,"
            + "\"detail\":\"" + BodyLimits.DETAIL + "\"}";
    /** PagerDuty's error shape, for its Events API path. */
    private static final String PAGERDUTY_TOO_LARGE = "{\"status\":\"invalid event\",\"message\":\"Event object is too large\","
            + "\"errors\":[\"" + BodyLimits.DETAIL + "\"]}";

    @Inject
    MeterRegistry metrics;

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > BodyLimits.MAX_BODY) {
                String path = rc.normalizedPath();
                boolean pagerDuty = "/v2/enqueue".equals(path);
                if (pagerDuty || path.startsWith("/hooks/")) {
                    metrics.counter("klaxon.ingest", "format", pagerDuty ? "pagerduty" : "unknown", "outcome", "too_large").increment();
                }
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, pagerDuty ? "application/json" : Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(pagerDuty ? PAGERDUTY_TOO_LARGE : TOO_LARGE);
                return;
            }
            rc.next();
        }, 1000);
    }
}
