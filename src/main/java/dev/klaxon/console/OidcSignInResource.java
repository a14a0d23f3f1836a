package dev.klaxon.console;

import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Console sign-in through the operator's OpenID Connect provider. quarkus-oidc runs the authorization-code flow
 * for {@link OidcTenant#PATH} only (redirect to the provider, state, nonce and PKCE checks, code exchange, ID token
 * signature, issuer, audience and expiry checks); once it has a verified ID token, this resource signs in the Klaxon
 * user whose email is the token's {@code email} — only when the token says {@code email_verified}, since an
 * unverified address at the provider proves nothing — and turns it into an ordinary console session (the same
 * cookie, CSRF and expiry as a token sign-in). quarkus-oidc's own session cookie is dropped at once: from here on
 * the console session alone decides.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OidcSignInResource {

    /** Where quarkus-oidc sends the browser when the provider answers the authorization request with an error. */
    static final String ERROR_PATH = "/sign-in/oidc-error";
    private static final Logger LOG = Logger.getLogger(OidcSignInResource.class);

    @Inject
    OidcTenant tenant;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    OidcSession oidcSession;

    @Inject
    OidcConfigurationMetadata provider;

    @Inject
    UserService users;

    @Inject
    ConsoleSessions sessions;

    @Inject
    ConsoleCookies cookies;

    /** Without a provider configured the path is no sign-in at all: back to the token form, before any security check. */
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> offWithoutProvider(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!tenant.enabled() && (OidcTenant.PATH.equals(path) || ERROR_PATH.equals(path))) {
            return Optional.of(Response.seeOther(URI.create("/sign-in")).build());
        }
        return Optional.empty();
    }

    /**
     * Reached only with an ID token quarkus-oidc verified. Signs its user in and answers a page that moves on to
     * Now by itself: the browser arrives here from the provider, another site, and would not send the new
     * SameSite=Strict cookie along a redirect chain that began there; a navigation from this page is same-site.
     *
     * @return 200 with the session cookie; 403 with an error page and no session for an unverified or unknown email
     */
    @GET
    @Path("sign-in/oidc")
    @Authenticated
    public Response signIn() {
        String email = idToken.getClaim("email") == null ? null : idToken.getClaim("email").toString();
        boolean verified = isTrue(idToken.getClaim("email_verified"));
        String endSession = provider.getEndSessionUri();
        oidcSession.logout().await().atMost(Duration.ofSeconds(10)); // drops quarkus-oidc's session cookie
        if (email == null || email.isBlank()) {
            return refused("The identity provider did not tell Klaxon your email address. Ask your administrator to "
                    + "release the email claim (scope \"email\") to Klaxon.");
        }
        if (!verified) {
            LOG.info("console sign-in through OpenID Connect refused: the provider has not verified the email");
            return refused("The identity provider has not verified your email address " + email
                    + ", so Klaxon cannot tell who you are. Verify it there, then sign in again.");
        }
        Optional<User> user = users.byEmail(email);
        if (user.isEmpty()) {
            LOG.info("console sign-in through OpenID Connect refused: no Klaxon user has the provider's email");
            return refused("No Klaxon user has the email address " + email
                    + ". Ask a Klaxon admin to add you with that address, then sign in again.");
        }
        ConsoleSessions.Started started = sessions.signIn(user.get(), endSession);
        return Response.ok(Templates.signedIn())
                .header("Set-Cookie", cookies.of(ConsoleAuthFilter.COOKIE, started.id(), started.maxAge()))
                .header("Set-Cookie", cookies.of(SignInResource.SIGN_IN_COOKIE, "", Duration.ZERO)).build();
    }

    /**
     * The provider refused the authorization request (the person cancelled, or is not allowed to use Klaxon). Its
     * error code is shown only when it looks like one (RFC 6749 §4.1.2.1), never as free text from the URL.
     */
    @GET
    @Path("sign-in/oidc-error")
    public Response providerError(@QueryParam("error") String error) {
        return refused("The identity provider did not sign you in" + (error != null && error.matches("[a-z_]{1,40}") ? " (" + error + ")" : "")
                + ". Try again, or sign in with an API token.");
    }

    /** {@code email_verified} is a JSON boolean (OpenID Connect Core §5.1); some providers send the string "true". */
    static boolean isTrue(Object claim) {
        if (claim instanceof Boolean b) {
            return b;
        }
        if (claim instanceof jakarta.json.JsonValue v) {
            return v.getValueType() == jakarta.json.JsonValue.ValueType.TRUE
                    || "\"true\"".equalsIgnoreCase(v.toString());
        }
        return claim != null && "true".equalsIgnoreCase(claim.toString());
    }

    private static Response refused(String detail) {
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error("Not signed in", detail).render()).build();
    }
}
