package dev.klaxon.console;

import dev.klaxon.platform.KlaxonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/** The console's Set-Cookie values, the same for every way of signing in. */
@ApplicationScoped
public class ConsoleCookies {

    @Inject
    KlaxonConfig config;

    /**
     * A Set-Cookie value (RFC 6265bis): never readable by scripts (HttpOnly), never sent cross-site
     * (SameSite=Strict), Secure when {@code klaxon.public-url} is https. {@code maxAge} zero deletes the cookie.
     */
    public String of(String name, String value, Duration maxAge) {
        boolean secure = "https".equalsIgnoreCase(config.publicUrl().getScheme());
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }
}
