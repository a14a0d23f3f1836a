package dev.klaxon.ingest;

import dev.klaxon.platform.Problem;

import java.util.List;

/** The body parsed as JSON but does not say what its format requires. */
public class InvalidPayload extends Exception {

    private final List<Problem.Violation> violations;

    public InvalidPayload(List<Problem.Violation> violations) {
        super(violations.isEmpty() ? "invalid payload" : violations.get(0).field() + ": " + violations.get(0).message(),
                null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Problem.Violation> violations() {
        return violations;
    }
}
