package dev.klaxon.platform;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;
import java.util.function.Function;

/**
 * Settings that cannot work together, refused before anything runs. {@link KlaxonMain} asks before Quarkus starts
 * ({@link StartupSettings#refusal()}) and stops with the one sentence on standard error; a start that does not go
 * through it (tests, dev mode) is stopped by the first startup observer, before the dispatcher or any sweep runs.
 */
@Singleton
public class SettingsCheck {

    /**
     * The first refusal, as one sentence naming the settings in both their forms, or empty when the settings fit.
     *
     * @param setting a setting's value by its property name; empty when absent or blank
     */
    public static Optional<String> refusal(Function<String, Optional<String>> setting) {
        if (setting.apply("klaxon.oidc.issuer").isPresent() && setting.apply("klaxon.oidc.client-id").isEmpty()) {
            return Optional.of("Klaxon cannot start: klaxon.oidc.issuer (KLAXON_OIDC_ISSUER) is set but "
                    + "klaxon.oidc.client-id (KLAXON_OIDC_CLIENT_ID) is not: set the client id registered for Klaxon at "
                    + "the identity provider, or unset the issuer to sign in with tokens only.");
        }
        return Optional.empty();
    }

    /** Runs before every other startup observer, so nothing starts on settings that are refused. */
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
        refusal(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class).filter(s -> !s.isBlank()))
                .ifPresent(sentence -> {
                    throw new IllegalStateException(sentence);
                });
    }
}
