package dev.klaxon.platform;

public enum Role {
    /** Everything. */
    ADMIN,
    /** Read, act on alerts, manage own contact methods and rules. */
    RESPONDER
}
