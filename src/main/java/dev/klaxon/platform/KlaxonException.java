package dev.klaxon.platform;

import java.util.List;

/** A domain failure with the HTTP status it maps to; rendered once as problem+json by {@link ProblemMapper}. */
public class KlaxonException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.Violation> violations;
    private final Long retryAfterSeconds;

    public KlaxonException(int status, String title, String detail) {
        this(status, title, detail, null, null);
    }

    private KlaxonException(int status, String title, String detail, List<Problem.Violation> violations,
                            Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.violations = violations;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static KlaxonException notFound(String what) {
        return new KlaxonException(404, "Not Found", what + " not found");
    }

    public static KlaxonException badRequest(String detail) {
        return new KlaxonException(400, "Bad Request", detail);
    }

    public static KlaxonException invalid(List<Problem.Violation> violations) {
        String detail = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).message()
                : violations.size() + " fields are invalid";
        return new KlaxonException(400, "Bad Request", detail, List.copyOf(violations), null);
    }

    public static KlaxonException invalid(String field, String message) {
        return invalid(List.of(new Problem.Violation(field, message)));
    }

    public static KlaxonException conflict(String detail) {
        return new KlaxonException(409, "Conflict", detail);
    }

    public static KlaxonException unauthorized() {
        return new KlaxonException(401, "Unauthorized", "a valid bearer token is required");
    }

    public static KlaxonException forbidden(String detail) {
        return new KlaxonException(403, "Forbidden", detail);
    }

    public static KlaxonException unavailable(String detail, long retryAfterSeconds) {
        return new KlaxonException(503, "Service Unavailable", detail, null, retryAfterSeconds);
    }

    /** 429 with Retry-After: the sender is over its rate limit (for formats whose senders retry a 429). */
    public static KlaxonException tooManyRequests(String detail, long retryAfterSeconds) {
        return new KlaxonException(429, "Too Many Requests", detail, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem problem() {
        return new Problem("about:blank", title, status, getMessage(), violations);
    }
}
