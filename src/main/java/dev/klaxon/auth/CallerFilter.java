package dev.klaxon.auth;

import dev.klaxon.platform.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * What every authentication filter does, whatever its credential (an API bearer token here, a console session
 * cookie in {@code console}): requests outside its paths pass untouched; inside them, a request whose credential
 * names nobody gets the filter's refusal, and one that does acts as that identity through {@link Caller}, so every
 * role check and audit entry downstream is the same however the caller signed in.
 */
public abstract class CallerFilter {

    @Inject
    Caller caller;

    /**
     * Runs the filter for one request; a subclass calls it from its {@code @ServerRequestFilter} method.
     *
     * @return the refusal to answer with, or empty to let the request through (authenticated or not this filter's)
     */
    protected final Optional<Response> authenticate(ContainerRequestContext ctx) {
        if (!covers(ctx.getUriInfo().getPath())) {
            return Optional.empty();
        }
        Optional<ApiTokenService.Identity> identity = identify(ctx);
        if (identity.isEmpty()) {
            return Optional.of(refuse(ctx));
        }
        caller.authenticate(identity.get().role(), identity.get().userId(), identity.get().name());
        return Optional.empty();
    }

    /** Whether a request path (as JAX-RS sees it, starting with {@code /}) needs this filter's credential. */
    protected abstract boolean covers(String path);

    /** Who the request's credential names; empty when it is missing, unknown or ended. */
    protected abstract Optional<ApiTokenService.Identity> identify(ContainerRequestContext ctx);

    /** The answer to a request this filter covers that names nobody. */
    protected abstract Response refuse(ContainerRequestContext ctx);
}
