package dev.klaxon.alert;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum Severity {
    CRITICAL, ERROR, WARNING, INFO;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String s) {
        return valueOf(s.strip().toUpperCase(Locale.ROOT));
    }
}
