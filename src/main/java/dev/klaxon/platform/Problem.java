package dev.klaxon.platform;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An RFC 9457 problem document. Never carries stack traces, SQL or secrets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record Violation(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }

    /** The one 413 every path answers (RFC 9110 §15.5.14), however the body was found too large. */
    public static Problem tooLarge() {
        return of(413, BodyLimits.TITLE, BodyLimits.DETAIL);
    }
}
