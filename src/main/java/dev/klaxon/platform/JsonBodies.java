package dev.klaxon.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every admin API request with a body speaks JSON: a POST, PUT or PATCH under /api/v1 that names another content
 * type is a 415, whatever the endpoint (API.md), before any resource sees it.
 */
public class JsonBodies {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireJson(ContainerRequestContext ctx) {
        if (!ctx.getUriInfo().getPath().startsWith("/api/v1") || !WITH_BODY.contains(ctx.getMethod().toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String length = ctx.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean body = length != null ? !length.strip().equals("0") : ctx.getHeaderString("Transfer-Encoding") != null;
        String header = ctx.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (!body || header == null || header.isBlank()) {
            return Optional.empty(); // no body (acknowledge, escalate), or one the resource will find missing
        }
        try {
            MediaType t = MediaType.valueOf(header);
            if ("application".equalsIgnoreCase(t.getType())
                    && ("json".equalsIgnoreCase(t.getSubtype()) || t.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"))) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // an unreadable Content-Type is as unsupported as a wrong one
        }
        return Optional.of(ProblemMapper.respond(Problem.of(415, "Unsupported Media Type",
                "the admin API takes application/json")).build());
    }
}
