package dev.klaxon.platform;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** Who is calling the admin API in this request; set by {@code dev.klaxon.auth.BearerAuthFilter}. */
@RequestScoped
public class Caller {

    private Role role;
    private UUID userId;
    private String name;

    public void authenticate(Role role, UUID userId, String name) {
        this.role = role;
        this.userId = userId;
        this.name = name;
    }

    public Role role() {
        return role;
    }

    public UUID userId() {
        return userId;
    }

    /** How the caller appears on timelines and in the audit trail. */
    public String actor() {
        return name;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public void requireAdmin() {
        if (role != Role.ADMIN) {
            throw KlaxonException.forbidden("this needs the ADMIN role");
        }
    }

    /** Responders may manage what belongs to them; admins anything. */
    public void requireSelfOrAdmin(UUID owner) {
        if (role != Role.ADMIN && (userId == null || !userId.equals(owner))) {
            throw KlaxonException.forbidden("responders may only change their own settings");
        }
    }
}
