package dev.klaxon.platform;

import java.util.List;

/**
 * Why a request cannot be done, in Klaxon's terms: a small vocabulary that knows nothing about HTTP. The web layer
 * maps each {@link Kind} to a status and a problem+json body in one place ({@link ProblemMapper}); services only
 * say what went wrong. The detail is shown to the caller: never put secrets, SQL or class names in it.
 */
public class KlaxonException extends RuntimeException {

    /** What kind of failure this is. */
    public enum Kind {
        /** The input breaks a rule; {@link #violations()} names the fields when known. */
        INVALID,
        /** The input is in a format Klaxon does not read (e.g. not JSON). */
        UNSUPPORTED_FORMAT,
        /** The request body is over {@link BodyLimits#MAX_BODY}; the rest of it was not read. */
        TOO_LARGE,
        /** No such thing, or not one the caller may know about. */
        NOT_FOUND,
        /** The thing's current state does not allow it. */
        CONFLICT,
        /** The caller did not prove who they are. */
        UNAUTHENTICATED,
        /** The caller may not do this. */
        FORBIDDEN,
        /** The sender is over its rate limit; try again after {@link #retryAfterSeconds()}. */
        RATE_LIMITED,
        /** Klaxon cannot do it right now; try again after {@link #retryAfterSeconds()}. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final List<Problem.Violation> violations;
    private final Long retryAfterSeconds;

    private KlaxonException(Kind kind, String detail, List<Problem.Violation> violations, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.kind = kind;
        this.violations = violations;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static KlaxonException notFound(String what) {
        return new KlaxonException(Kind.NOT_FOUND, what + " not found", null, null);
    }

    /** Not found, and why: {@code "<what> not found: <why>"}. */
    public static KlaxonException notFound(String what, String why) {
        return new KlaxonException(Kind.NOT_FOUND, what + " not found: " + why, null, null);
    }

    /** Invalid input that is not about one field (a missing body, a value that cannot be stored). */
    public static KlaxonException badRequest(String detail) {
        return new KlaxonException(Kind.INVALID, detail, null, null);
    }

    public static KlaxonException invalid(List<Problem.Violation> violations) {
        String detail = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).message()
                : violations.size() + " fields are invalid";
        return new KlaxonException(Kind.INVALID, detail, List.copyOf(violations), null);
    }

    public static KlaxonException invalid(String field, String message) {
        return invalid(List.of(new Problem.Violation(field, message)));
    }

    public static KlaxonException unsupportedFormat(String detail) {
        return new KlaxonException(Kind.UNSUPPORTED_FORMAT, detail, null, null);
    }

    /** The request body went past {@link BodyLimits#MAX_BODY}; the detail names the limit. */
    public static KlaxonException tooLarge() {
        return new KlaxonException(Kind.TOO_LARGE, BodyLimits.DETAIL, null, null);
    }

    public static KlaxonException conflict(String detail) {
        return new KlaxonException(Kind.CONFLICT, detail, null, null);
    }

    public static KlaxonException unauthorized() {
        return new KlaxonException(Kind.UNAUTHENTICATED, "a valid bearer token is required", null, null);
    }

    public static KlaxonException forbidden(String detail) {
        return new KlaxonException(Kind.FORBIDDEN, detail, null, null);
    }

    public static KlaxonException unavailable(String detail, long retryAfterSeconds) {
        return new KlaxonException(Kind.UNAVAILABLE, detail, null, retryAfterSeconds);
    }

    /** The sender is over its rate limit (for formats whose senders retry when told so). */
    public static KlaxonException tooManyRequests(String detail, long retryAfterSeconds) {
        return new KlaxonException(Kind.RATE_LIMITED, detail, null, retryAfterSeconds);
    }

    public Kind kind() {
        return kind;
    }

    /** The fields at fault, or null. */
    public List<Problem.Violation> violations() {
        return violations;
    }

    /** Seconds after which trying again may succeed, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
