package dev.klaxon.auth;

import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.ProblemMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/** Bearer-token authentication for everything under /api/v1 (401 problem+json with {@code WWW-Authenticate}). */
public class BearerAuthFilter extends CallerFilter {

    @Inject
    ApiTokenService tokens;

    @ServerRequestFilter(priority = 1000)
    public Optional<Response> filter(ContainerRequestContext ctx) {
        return authenticate(ctx);
    }

    @Override
    protected boolean covers(String path) {
        return path.startsWith("/api/v1");
    }

    @Override
    protected Optional<ApiTokenService.Identity> identify(ContainerRequestContext ctx) {
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return tokens.authenticate(header.substring(7).trim());
    }

    @Override
    protected Response refuse(ContainerRequestContext ctx) {
        return ProblemMapper.respond(ProblemMapper.problem(KlaxonException.unauthorized()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"klaxon\"").build();
    }
}
