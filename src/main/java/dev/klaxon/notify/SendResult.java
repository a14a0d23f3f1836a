package dev.klaxon.notify;

/** What a provider said when it accepted a message. */
public record SendResult(String providerId, String providerStatus) {
}
