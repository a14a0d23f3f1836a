package dev.klaxon.console;

import dev.klaxon.platform.ProblemMapper;
import dev.klaxon.directory.User;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import java.time.ZoneId;
import java.util.UUID;

/**
 * Who is looking at a console page in this request; set by {@link ConsoleAuthFilter}. Templates read it as
 * {@code {inject:viewer.…}} for the navigation, the CSRF field and the time zone.
 */
@Named("viewer")
@RequestScoped
public class Viewer {

    private ConsoleSessions.Active session;
    private User user;

    void signedIn(ConsoleSessions.Active session, User user) {
        this.session = session;
        this.user = user;
    }

    public boolean isSignedIn() {
        return session != null;
    }

    public ConsoleSessions.Active session() {
        return session;
    }

    /** The signed-in user; null for the bootstrap admin token. */
    public User user() {
        return user;
    }

    public UUID userId() {
        return session.userId();
    }

    /** Whether the viewer is a user (false for the bootstrap admin token): only a user has a Me page. */
    public boolean isPerson() {
        return session != null && session.userId() != null;
    }

    /**
     * The signed-in user's id, for pages about the viewer themself.
     *
     * @throws KlaxonException not found for the bootstrap admin token, which belongs to no user
     */
    public UUID requireUserId(String page) {
        if (!isPerson()) {
            throw KlaxonException.notFound(page, "the bootstrap admin token belongs to no user. Sign in with a "
                    + "personal token (Admin → Users → New sign-in token) to manage your own contact methods, "
                    + "notification rules, calendar feed and tokens");
        }
        return session.userId();
    }

    public String getName() {
        return user != null ? user.name : session.actor();
    }

    public boolean isAdmin() {
        return session != null && session.role() == Role.ADMIN;
    }

    /** The value every state-changing form carries in its {@code csrf} field. */
    public String getCsrf() {
        return session.csrf();
    }

    /** The user's own zone; UTC for the bootstrap admin. */
    public ZoneId zone() {
        return user == null ? ZoneId.of("UTC") : ZoneId.of(user.timeZone);
    }

    public String getZone() {
        return zone().getId();
    }

    /** Refuses a form whose CSRF field is missing or not this session's (403). */
    public void requireCsrf(String submitted) {
        if (!ConsoleSessions.csrfMatches(session, submitted)) {
            throw KlaxonException.forbidden("the form is out of date; reload the page and try again");
        }
    }

    public void requireAdmin() {
        if (!isAdmin()) {
            throw KlaxonException.forbidden("this page needs the ADMIN role");
        }
    }
}
