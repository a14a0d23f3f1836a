package dev.klaxon.platform;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * While the database is away, every Klaxon route answers 503 with {@code Retry-After} at once instead of waiting
 * for a connection (API.md: "every format gets 503 with Retry-After within 2 s"). {@code /v2/enqueue} gates itself,
 * to answer in PagerDuty's shape.
 */
public class DatabaseGate {

    @Inject
    DatabaseAvailability database;

    @ServerRequestFilter(priority = 500)
    public Optional<Response> gate(ContainerRequestContext ctx) {
        if (database.up() || ctx.getUriInfo().getPath().startsWith("/v2/enqueue")) {
            return Optional.empty();
        }
        return Optional.of(unavailable());
    }

    /** The refusal itself: problem+json, 503, Retry-After. */
    public static Response unavailable() {
        KlaxonException e = outage();
        return ProblemMapper.respond(ProblemMapper.problem(e)).header("Retry-After", e.retryAfterSeconds()).build();
    }

    /** The error vocabulary's word for "the database is away; retry later". */
    public static KlaxonException outage() {
        return KlaxonException.unavailable("Klaxon cannot reach its database; retry later",
                DatabaseAvailability.RETRY_AFTER_SECONDS);
    }
}
