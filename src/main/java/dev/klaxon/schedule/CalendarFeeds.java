package dev.klaxon.schedule;

import dev.klaxon.directory.UserService;
import dev.klaxon.platform.KlaxonConfig;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.PublicUrl;
import dev.klaxon.platform.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-user calendar feeds at secret URLs. Calendar apps cannot send a bearer token, so the URL is the credential:
 * 256 random bits, shown once, stored hashed; making a new one revokes the old one.
 */
@ApplicationScoped
@Transactional
public class CalendarFeeds {

    static final String PREFIX = "kcal_";

    public record Created(String url, java.time.Instant createdAt) {
    }

    @Inject
    UserService users;

    @Inject
    KlaxonConfig config;

    @Inject
    InstantSource clock;

    /** Creates the user's feed, or replaces it: the previous URL stops working at once. */
    public Created rotate(UUID userId) {
        users.require(userId);
        String secret = Tokens.random(PREFIX);
        CalendarFeed feed = CalendarFeed.findById(userId);
        if (feed == null) {
            feed = new CalendarFeed();
            feed.userId = userId;
            feed.tokenHash = Tokens.sha256Hex(secret);
            feed.createdAt = clock.instant();
            feed.persist();
        } else {
            feed.tokenHash = Tokens.sha256Hex(secret);
            feed.createdAt = clock.instant();
        }
        return new Created(url(secret), feed.createdAt);
    }

    public void revoke(UUID userId) {
        users.require(userId);
        if (!CalendarFeed.deleteById(userId)) {
            throw KlaxonException.notFound("calendar feed of user " + userId);
        }
    }

    /** The user a feed secret belongs to, if it is current. */
    public Optional<UUID> userFor(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        return CalendarFeed.<CalendarFeed>find("tokenHash", Tokens.sha256Hex(secret)).firstResultOptional()
                .map(f -> f.userId);
    }

    private String url(String secret) {
        return PublicUrl.of(config, "/calendar/" + secret + ".ics");
    }
}
