package dev.klaxon.platform;

import io.quarkus.micrometer.runtime.binder.vertx.HttpRequestMetric;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * HTTP metrics name route templates, never raw paths: several paths carry a secret (ack and bundle tokens,
 * integration keys, calendar secrets). Quarkus labels a request with its resource's template once REST matched it;
 * a request refused before that (405, 406, 415, a filter's 401/413/503) would be labelled with its raw path. This
 * filter runs first on every request and gives it a placeholder template, which the matched resource's template
 * replaces; {@code quarkus.micrometer.binder.http-server.suppress4xx-errors} covers what never reaches the router.
 */
@ApplicationScoped
public class MetricsRouteTemplates {

    /** The {@code uri} label of a request no resource matched. */
    public static final String UNMATCHED = "/{unmatched}";

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            HttpRequestMetric metric = rc.request() instanceof io.vertx.core.http.impl.HttpServerRequestInternal
                    ? HttpRequestMetric.getRequestMetric(rc) : null;
            if (metric != null) {
                metric.setTemplatePath(UNMATCHED);
            }
            rc.next();
        }, Integer.MAX_VALUE);
    }
}
