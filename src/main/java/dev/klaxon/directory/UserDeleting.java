package dev.klaxon.directory;

import java.util.UUID;

/**
 * Fired synchronously, inside the deleting transaction, before a user is deleted. Packages that refer to users
 * (schedules, escalation policies) observe it and throw a 409 naming what still refers to the user.
 */
public record UserDeleting(UUID userId, String name) {
}
