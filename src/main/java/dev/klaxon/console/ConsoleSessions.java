package dev.klaxon.console;

import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.auth.ApiTokenService;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.Role;
import dev.klaxon.platform.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an API token into a console session and a session cookie back into who is acting. Sessions end after
 * {@code klaxon.console.session-idle} without use and {@code klaxon.console.session-max} after sign-in, whichever
 * comes first. The CSRF token of a session is derived from its id, so nothing else needs storing.
 */
@ApplicationScoped
@Transactional
public class ConsoleSessions {

    /** Who acts in a console request, with the role already lowered to the user's current one. */
    public record Active(String idHash, UUID userId, Role role, String actor, String csrf) {
    }

    /** A new session: the raw id for the cookie (shown to nobody else) and how long the cookie may live. */
    public record Started(String id, Duration maxAge) {
    }

    @Inject
    ApiTokenService tokens;

    @Inject
    UserService users;

    @Inject
    KlaxonConfig config;

    @Inject
    InstantSource clock;

    /** Signs in with an API token; empty when the token is unknown. */
    public Optional<Started> signIn(String token) {
        return tokens.authenticate(token == null ? "" : token.strip())
                .map(identity -> start(identity.userId(), identity.role(), identity.name(), null));
    }

    /**
     * Signs a user in whom the OpenID Connect provider vouched for (OidcSignInResource checked the verified email).
     * The session carries the user's current role, lowered on each request like any other session.
     *
     * @param endSessionUrl the provider's end_session_endpoint, to end its session on sign-out; null when it has none
     */
    public Started signIn(User user, String endSessionUrl) {
        return start(user.id, user.role, user.name, endSessionUrl);
    }

    private Started start(UUID userId, Role role, String actor, String endSessionUrl) {
        String id = Tokens.random("kcs_");
        Instant now = clock.instant();
        ConsoleSession s = new ConsoleSession();
        s.idHash = Tokens.sha256Hex(id);
        s.userId = userId;
        s.role = role;
        s.actor = actor;
        s.createdAt = now;
        s.lastSeenAt = now;
        s.expiresAt = now.plus(config.console().sessionMax());
        s.endSessionUrl = endSessionUrl;
        s.persist();
        return new Started(id, config.console().sessionMax());
    }

    /** The session behind a cookie value, extended by this use; empty when unknown, idle too long or past its end. */
    public Optional<Active> resume(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        ConsoleSession s = ConsoleSession.findById(Tokens.sha256Hex(id));
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isBefore(s.expiresAt) || !now.isBefore(s.lastSeenAt.plus(config.console().sessionIdle()))) {
            s.delete();
            return Optional.empty();
        }
        Role role = s.role;
        if (s.userId != null) {
            User u = User.findById(s.userId);
            if (u == null) {
                s.delete();
                return Optional.empty();
            }
            if (u.role == Role.RESPONDER) {
                role = Role.RESPONDER;
            }
        }
        if (Duration.between(s.lastSeenAt, now).toMinutes() >= 1) {
            s.lastSeenAt = now; // at most one write a minute per session
        }
        return Optional.of(new Active(s.idHash, s.userId, role, s.actor, csrf(id)));
    }

    /**
     * Ends a session.
     *
     * @return the provider's end_session_endpoint when the session came from OpenID Connect, else empty
     */
    public Optional<String> signOut(String idHash) {
        ConsoleSession s = ConsoleSession.findById(idHash);
        if (s == null) {
            return Optional.empty();
        }
        s.delete();
        return Optional.ofNullable(s.endSessionUrl);
    }

    /**
     * Removes sessions past their end or idle longer than {@code klaxon.console.session-idle} (ConsoleSessionSweep
     * calls it); {@link #resume} already refuses them, this keeps the table from growing. Returns how many.
     */
    public long purgeEnded() {
        Instant now = clock.instant();
        return ConsoleSession.delete("expiresAt <= ?1 or lastSeenAt <= ?2", now, now.minus(config.console().sessionIdle()));
    }

    /** Compares a submitted CSRF token with the session's in time independent of where they differ. */
    public static boolean csrfMatches(Active session, String submitted) {
        return submitted != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }

    private static String csrf(String sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Tokens.sha256("csrf\u0000" + sessionId));
    }
}
