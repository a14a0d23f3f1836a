package dev.klaxon.alert;

public record Link(String href, String text) {
}
