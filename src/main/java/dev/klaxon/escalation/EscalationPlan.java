package dev.klaxon.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Where an alert's escalation goes next, as plain values: from a position (round, step) of a policy, which step
 * pages, when the step after it is due, which steps are skipped because nobody on them can be paged, when the
 * policy starts over, and when it is exhausted. Pure: who a step's targets resolve to comes in as a predicate.
 *
 * <p>Rounds count passes through the policy from 0; a policy with {@code repeatCount} n is walked n + 1 times. A
 * step nobody can be paged on is skipped at once (its delay does not apply).</p>
 */
public final class EscalationPlan {

    private EscalationPlan() {
    }

    /**
     * The parts of a policy the plan needs.
     *
     * @param repeatCount how many more times the policy starts again from step 0 after its last step (0 or more)
     * @param delays      each step's delay: how long its pages have before the next step is paged
     */
    public record Policy(int repeatCount, List<Duration> delays) {

        public static Policy of(EscalationPolicy p) {
            return new Policy(p.repeatCount, p.steps.stream().map(EscalationPolicy.Step::delayDuration).toList());
        }
    }

    /** What happened on the way to the outcome, in order. */
    public sealed interface Move permits Restart, Skip {
    }

    /** The last step was passed: the policy starts again at step 0 of {@code round} (counted from 0). */
    public record Restart(int round) implements Move {
    }

    /** Step {@code step} of {@code round} has nobody to page; the next step follows at once. */
    public record Skip(int round, int step) implements Move {
    }

    /** Where the walk ends. */
    public sealed interface Outcome permits PageStep, Exhausted, NoPolicy {
    }

    /** Page step {@code step} of {@code round}; the step after it is due at {@code nextDue}. */
    public record PageStep(int round, int step, Instant nextDue) implements Outcome {
    }

    /** Every pass is done: the alert stays open at {@code lastStep} of {@code round} with no further pages. */
    public record Exhausted(int round, int lastStep) implements Outcome {
    }

    /** The service has no policy, or the policy no steps: nobody is paged. */
    public record NoPolicy() implements Outcome {
    }

    public record Plan(List<Move> moves, Outcome outcome) {
    }

    /**
     * @param policy    the policy, or null when the service has none
     * @param round     the round to start in (0-based)
     * @param step      the step to page first (0-based; past the last step means the next round, or exhausted)
     * @param reachable whether anyone on a step (by index) can be paged
     * @param now       when the step pages: its next step is due {@code delay} after this
     */
    public static Plan plan(Policy policy, int round, int step, IntPredicate reachable, Instant now) {
        if (policy == null || policy.delays().isEmpty()) {
            return new Plan(List.of(), new NoPolicy());
        }
        int steps = policy.delays().size();
        List<Move> moves = new ArrayList<>();
        while (true) {
            if (step >= steps) {
                if (round >= policy.repeatCount()) {
                    return new Plan(moves, new Exhausted(round, steps - 1));
                }
                round++;
                step = 0;
                moves.add(new Restart(round));
            }
            if (reachable.test(step)) {
                return new Plan(moves, new PageStep(round, step, now.plus(policy.delays().get(step))));
            }
            moves.add(new Skip(round, step));
            step++;
        }
    }
}
