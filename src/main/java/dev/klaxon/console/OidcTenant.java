package dev.klaxon.console;

import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.SecretStore;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.Optional;

/**
 * The one OpenID Connect tenant Klaxon has: built from {@code klaxon.oidc.*} and applied to {@link #PATH} only, so
 * quarkus-oidc never looks at any other request (API bearer tokens, hooks, ack pages stay Klaxon's own). Its own
 * default tenant is off in application.properties; with {@code klaxon.oidc.issuer} absent this resolver answers
 * nothing either and quarkus-oidc is inert. An issuer without a client id is refused at start ({@code SettingsCheck}).
 *
 * <p>The flow is the authorization-code flow with PKCE and a nonce (OpenID Connect Core 1.0 §3.1, RFC 7636). The
 * state cookie and quarkus-oidc's short-lived session cookie are encrypted with a secret kept in the database, so a
 * flow started on one replica finishes on any other.
 */
@ApplicationScoped
public class OidcTenant implements TenantConfigResolver {

    /** Where sign-in starts and where the provider redirects back to: the redirect URI to register is public URL + this. */
    public static final String PATH = "/sign-in/oidc";
    static final String TENANT_ID = "klaxon-console";

    @Inject
    KlaxonConfig config;

    @Inject
    SecretStore secrets;

    /** [0]: reached at the public URL's host (behind the TLS proxy when it is https); [1]: reached directly. */
    private final OidcTenantConfig[] tenants = new OidcTenantConfig[2];

    /** Whether sign-in through the provider is configured. */
    public boolean enabled() {
        return config.oidc().issuer().isPresent();
    }

    /** The provider's name for the sign-in button; empty when OIDC sign-in is off. */
    public Optional<String> providerName() {
        return enabled() ? Optional.of(config.oidc().providerName()) : Optional.empty();
    }

    /**
     * The tenant for {@link #PATH}; nothing (quarkus-oidc's disabled default tenant, so no authentication) for every
     * other path or when OIDC is off. Called by quarkus-oidc on the event loop; the first call reads the cookie
     * secret from the database on a worker thread.
     *
     * <p>The redirect URI quarkus-oidc sends is this request's host plus {@link #PATH}. A request that came to the
     * public URL's host over plain HTTP while the public URL is https went through the TLS-terminating proxy, so
     * its redirect URI is https: exactly the public URL plus {@link #PATH}, the one registered at the provider.
     * A request to any other host (a port-forward, a test) keeps its own scheme.
     */
    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext rc, OidcRequestContext<OidcTenantConfig> ctx) {
        if (!enabled() || !PATH.equals(rc.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        URI pub = config.publicUrl();
        String host = pub.getHost() + (pub.getPort() < 0 ? "" : ":" + pub.getPort());
        boolean behindTls = "https".equalsIgnoreCase(pub.getScheme()) && host.equalsIgnoreCase(rc.request().authority() == null
                ? "" : rc.request().authority().toString());
        int which = behindTls ? 0 : 1;
        OidcTenantConfig built = tenants[which];
        return built != null ? Uni.createFrom().item(built) : ctx.runBlocking(() -> build(which, behindTls));
    }

    private OidcTenantConfig build(int which, boolean forceHttps) {
        KlaxonConfig.Oidc oidc = config.oidc();
        String cookieSecret = secrets.get("oidc-cookies");
        var builder = OidcTenantConfig.authServerUrl(oidc.issuer().orElseThrow().toString().replaceAll("/+$", ""))
                .tenantId(forceHttps ? TENANT_ID : TENANT_ID + "-direct")
                .applicationType(io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType.WEB_APP)
                .clientId(oidc.clientId().orElseThrow());
        oidc.clientSecret().filter(s -> !s.isBlank()).ifPresent(builder::credentials);
        OidcTenantConfig built = builder
                .authentication()
                    .redirectPath(PATH)
                    .forceRedirectHttpsScheme(forceHttps)
                    .scopes("email")
                    .nonceRequired()
                    .pkceRequired()
                    .stateSecret(cookieSecret)
                    .errorPath(OidcSignInResource.ERROR_PATH)
                    .end()
                .tokenStateManager()
                    .encryptionSecret(cookieSecret)
                    .end()
                .build();
        tenants[which] = built;
        return built;
    }
}
