package dev.klaxon.escalation;

import java.util.UUID;

/** Fired synchronously before an escalation policy is deleted; services that use it refuse with a 409. */
public record PolicyDeleting(UUID policyId, String name) {
}
