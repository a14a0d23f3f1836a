package dev.klaxon.auth;

import dev.klaxon.platform.Caller;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.ProblemMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/** Bearer-token authentication for everything under /api/v1. */
public class BearerAuthFilter {

    @Inject
    ApiTokenService tokens;

    @Inject
    Caller caller;

    @ServerRequestFilter(priority = 1000)
    public Optional<Response> authenticate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/api/v1")) {
            return Optional.empty();
        }
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(unauthorized());
        }
        Optional<ApiTokenService.Identity> identity = tokens.authenticate(header.substring(7).trim());
        if (identity.isEmpty()) {
            return Optional.of(unauthorized());
        }
        caller.authenticate(identity.get().role(), identity.get().userId(), identity.get().name());
        return Optional.empty();
    }

    private static Response unauthorized() {
        return ProblemMapper.respond(ProblemMapper.problem(KlaxonException.unauthorized()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"klaxon\"").build();
    }
}
