package dev.klaxon.auth;

import dev.klaxon.directory.UserService;
import dev.klaxon.platform.AuditLog;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Problem;
import dev.klaxon.platform.Role;
import dev.klaxon.platform.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ApiTokenService {

    public record Identity(Role role, UUID userId, String name) {
    }

    public record Created(UUID id, String token) {
    }

    @Inject
    KlaxonConfig config;

    @Inject
    InstantSource clock;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    /** Bootstrap token first (constant-time), then the stored SHA-256 of the token. */
    @Transactional
    public Optional<Identity> authenticate(String token) {
        if (token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        Optional<String> bootstrap = config.bootstrapAdminToken().filter(b -> !b.isBlank());
        if (bootstrap.isPresent() && Tokens.constantTimeEquals(bootstrap.get(), token)) {
            return Optional.of(new Identity(Role.ADMIN, null, "bootstrap-admin"));
        }
        ApiToken t = ApiToken.find("tokenHash", Tokens.sha256Hex(token)).firstResult();
        if (t == null) {
            return Optional.empty();
        }
        var now = clock.instant();
        if (t.lastUsedAt == null || Duration.between(t.lastUsedAt, now).toMinutes() >= 1) {
            t.lastUsedAt = now; // at most one write a minute per token
        }
        if (t.userId == null) {
            return Optional.of(new Identity(t.role, null, "token:" + t.name));
        }
        // a token acts with the lower of its own role and its user's current one: demoting a user demotes their tokens
        dev.klaxon.directory.User user = users.byIds(List.of(t.userId)).get(t.userId);
        if (user == null) {
            return Optional.empty();
        }
        return Optional.of(new Identity(lower(t.role, user.role), t.userId, user.name));
    }

    /** RESPONDER is lower than ADMIN. */
    static Role lower(Role a, Role b) {
        return a == Role.ADMIN && b == Role.ADMIN ? Role.ADMIN : Role.RESPONDER;
    }

    /**
     * A new token, returned once in clear and stored hashed.
     *
     * @throws KlaxonException invalid {@code userId} when it names no user
     */
    @Transactional
    public Created create(String name, Role role, UUID userId) {
        if (userId != null) {
            List<Problem.Violation> unknown = users.unknownUsers(List.of(userId), i -> "userId");
            if (!unknown.isEmpty()) {
                throw KlaxonException.invalid(unknown);
            }
        }
        String token = Tokens.random("klx_");
        ApiToken t = new ApiToken();
        t.id = UUID.randomUUID();
        t.name = name;
        t.role = role;
        t.userId = userId;
        t.tokenHash = Tokens.sha256Hex(token);
        t.createdAt = clock.instant();
        t.persist();
        audit.record("created", "api-token", t.id, role + " token " + name);
        return new Created(t.id, token);
    }

    public List<ApiToken> list() {
        return ApiToken.list("order by createdAt");
    }

    @Transactional
    public void delete(UUID id) {
        ApiToken t = ApiToken.findById(id);
        if (t == null) {
            throw KlaxonException.notFound("api token");
        }
        t.delete();
        audit.record("deleted", "api-token", id, t.role + " token " + t.name);
    }
}
