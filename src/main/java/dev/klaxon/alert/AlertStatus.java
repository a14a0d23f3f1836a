package dev.klaxon.alert;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum AlertStatus {
    TRIGGERED, ACKNOWLEDGED, RESOLVED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertStatus parse(String s) {
        return valueOf(s.strip().toUpperCase(Locale.ROOT));
    }
}
