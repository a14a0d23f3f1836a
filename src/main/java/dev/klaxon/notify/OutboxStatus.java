package dev.klaxon.notify;

/** pending → sending (leased) → sent → delivered | failed; canceled when the alert stops first. */
public enum OutboxStatus {
    PENDING, SENDING, SENT, DELIVERED, FAILED, CANCELED
}
