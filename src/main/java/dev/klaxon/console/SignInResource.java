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
 * Sign-in with an API token (the bootstrap token on the first start, a personal token after), sign-out (which
 * also ends the identity provider's session when the console session came from {@link OidcSignInResource}). The
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

    @Inject
    ConsoleCookies cookies;

    @Inject
    OidcTenant oidc;

    @GET
    @Path("sign-in")
    public Response form(@CookieParam(ConsoleAuthFilter.COOKIE) String session) {
        if (session != null && sessions.resume(session).isPresent()) {
            return Response.seeOther(URI.create("/")).build();
        }
        String csrf = Tokens.random("");
        return Response.ok(Templates.signIn(csrf, null, oidc.providerName().orElse(null)))
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
            return Response.status(403).entity(Templates.signIn(fresh, "The sign-in form expired; please try again.", oidc.providerName().orElse(null)))
                    .header("Set-Cookie", cookie(SIGN_IN_COOKIE, fresh, Duration.ofHours(1))).build();
        }
        Optional<ConsoleSessions.Started> started = sessions.signIn(token);
        if (started.isEmpty()) {
            return Response.status(401).entity(Templates.signIn(csrf, "That token is not valid.", oidc.providerName().orElse(null))).build();
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
        Optional<String> endSession = sessions.signOut(viewer.session().idHash());
        String gone = cookie(ConsoleAuthFilter.COOKIE, "", Duration.ZERO);
        if (endSession.isEmpty()) {
            return Response.seeOther(URI.create("/sign-in")).header("Set-Cookie", gone).build();
        }
        // a page that moves on, not a redirect: the console's CSP (form-action 'self') stops a form post's redirect
        // to another site, and the provider is one
        return Response.ok(Templates.signedOut(providerSignOut(endSession.get()).toString(), oidc.providerName().orElse("")))
                .header("Set-Cookie", gone).build();
    }

    /**
     * Ends the provider's session too, for a session that started there (OpenID Connect RP-Initiated Logout 1.0,
     * §2: {@code client_id} and {@code post_logout_redirect_uri}, which must be registered at the provider).
     */
    private URI providerSignOut(String endSessionUrl) {
        String back = config.publicUrl().toString().replaceAll("/+$", "") + "/sign-in";
        String sep = endSessionUrl.contains("?") ? "&" : "?";
        return URI.create(endSessionUrl + sep + "client_id=" + encode(config.oidc().clientId().orElse(""))
                + "&post_logout_redirect_uri=" + encode(back));
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @ServerExceptionMapper
    public Response refused(KlaxonException e) {
        return ErrorPages.of(e);
    }

    private String cookie(String name, String value, Duration maxAge) {
        return cookies.of(name, value, maxAge);
    }
}
