package dev.klaxon.console;

import dev.klaxon.testing.FakeOidcProvider;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The fake OpenID Connect provider for {@link OidcSignInTest}, and the one test profile that points Klaxon at it.
 * One profile class for all OIDC tests: each profile restarts Quarkus, and test order is random.
 */
public class OidcProviderResource implements QuarkusTestResourceLifecycleManager {

    static final String PROVIDER_NAME = "Fake IdP";
    private static volatile FakeOidcProvider provider;

    static FakeOidcProvider provider() {
        return provider;
    }

    @Override
    public Map<String, String> start() {
        provider = FakeOidcProvider.start();
        return Map.of(
                "klaxon.oidc.issuer", provider.issuer(),
                "klaxon.oidc.client-id", FakeOidcProvider.CLIENT_ID,
                "klaxon.oidc.client-secret", FakeOidcProvider.CLIENT_SECRET,
                "klaxon.oidc.provider-name", PROVIDER_NAME);
    }

    @Override
    public void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    /** Klaxon with an identity provider configured. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcProviderResource.class));
        }
    }
}
