package dev.klaxon.console;

import dev.klaxon.auth.ApiTokenService;
import dev.klaxon.auth.CallerFilter;
import dev.klaxon.directory.User;
import dev.klaxon.platform.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Console pages need a session: without one a page request goes to the sign-in page (htmx requests get
 * {@code HX-Redirect}, so a polling list does not swap the sign-in form into itself). With one, the request acts
 * as the session's user, through the same {@link Caller} the API uses ({@link CallerFilter}), so every role check
 * and audit entry applies.
 */
public class ConsoleAuthFilter extends CallerFilter {

    public static final String COOKIE = "klaxon_session";
    private static final List<String> PREFIXES = List.of("/alerts", "/schedules", "/me", "/admin", "/sign-out");

    @Inject
    ConsoleSessions sessions;

    @Inject
    Viewer viewer;

    @ServerRequestFilter(priority = 1100)
    public Optional<Response> filter(ContainerRequestContext ctx) {
        return authenticate(ctx);
    }

    @Override
    protected boolean covers(String path) {
        return isConsole(path);
    }

    @Override
    protected Optional<ApiTokenService.Identity> identify(ContainerRequestContext ctx) {
        Cookie cookie = ctx.getCookies().get(COOKIE);
        Optional<ConsoleSessions.Active> active = sessions.resume(cookie == null ? null : cookie.getValue());
        if (active.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSessions.Active s = active.get();
        viewer.signedIn(s, s.userId() == null ? null : User.findById(s.userId()));
        return Optional.of(new ApiTokenService.Identity(s.role(), s.userId(), s.actor()));
    }

    @Override
    protected Response refuse(ContainerRequestContext ctx) {
        if (ctx.getHeaderString("HX-Request") != null) {
            return Response.status(401).header("HX-Redirect", "/sign-in").build();
        }
        return Response.seeOther(URI.create("/sign-in")).build();
    }

    static boolean isConsole(String path) {
        if (path.equals("/") || path.isEmpty()) {
            return true;
        }
        for (String p : PREFIXES) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }
}
