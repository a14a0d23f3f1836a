package dev.klaxon.directory;

public enum ContactType {
    VOICE, SMS, EMAIL, NTFY, PUSHOVER, WEBHOOK
}
