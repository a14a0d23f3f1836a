package dev.klaxon.console;

import dev.klaxon.platform.ProblemMapper;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Tokens;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * Sign-in with an API token (the bootstrap token on the first start, a personal token after), sign-out. The
 * session cookie is HttpOnly, SameSite=Strict and Secure when the public URL is https. The sign-in form itself
 * carries a double-submit token (cookie and field) so no other site can sign a browser into someone else's session.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    static final String SIGN_IN_COOKIE = "klaxon_sign_in";

    @Inject
    ConsoleSessions sessions;

    @Inject
    Viewer viewer;

    @Inject
    KlaxonConfig config;

    @GET
    @Path("sign-in")
    public Response form(@CookieParam(ConsoleAuthFilter.COOKIE) String session) {
        if (session != null && sessions.resume(session).isPresent()) {
            return Response.seeOther(URI.create("/")).build();
        }
        String csrf = Tokens.random("");
        return Response.ok(Templates.signIn(csrf, null))
                .header("Set-Cookie", cookie(SIGN_IN_COOKIE, csrf, Duration.ofHours(1))).build();
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("token") String token, @FormParam("csrf") String csrf,
                           @CookieParam(SIGN_IN_COOKIE) String expected) {
        if (csrf == null || expected == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            String fresh = Tokens.random("");
            return Response.status(403).entity(Templates.signIn(fresh, "The sign-in form expired; please try again."))
                    .header("Set-Cookie", cookie(SIGN_IN_COOKIE, fresh, Duration.ofHours(1))).build();
        }
        Optional<ConsoleSessions.Started> started = sessions.signIn(token);
        if (started.isEmpty()) {
            return Response.status(401).entity(Templates.signIn(csrf, "That token is not valid.")).build();
        }
        return Response.seeOther(URI.create("/"))
                .header("Set-Cookie", cookie(ConsoleAuthFilter.COOKIE, started.get().id(), started.get().maxAge()))
                .header("Set-Cookie", cookie(SIGN_IN_COOKIE, "", Duration.ZERO)).build();
    }

    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@FormParam("csrf") String csrf) {
        viewer.requireCsrf(csrf);
        sessions.signOut(viewer.session().idHash());
        return Response.seeOther(URI.create("/sign-in"))
                .header("Set-Cookie", cookie(ConsoleAuthFilter.COOKIE, "", Duration.ZERO)).build();
    }

    @ServerExceptionMapper
    public Response refused(KlaxonException e) {
        return ErrorPages.of(e);
    }

    /** A Set-Cookie value (RFC 6265bis): never readable by scripts, never sent cross-site, Secure behind https. */
    String cookie(String name, String value, Duration maxAge) {
        boolean secure = "https".equalsIgnoreCase(config.publicUrl().getScheme());
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }
}
