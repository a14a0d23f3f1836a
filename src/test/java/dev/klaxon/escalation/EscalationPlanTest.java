package dev.klaxon.escalation;

import dev.klaxon.escalation.EscalationPlan.Exhausted;
import dev.klaxon.escalation.EscalationPlan.Move;
import dev.klaxon.escalation.EscalationPlan.NoPolicy;
import dev.klaxon.escalation.EscalationPlan.Outcome;
import dev.klaxon.escalation.EscalationPlan.PageStep;
import dev.klaxon.escalation.EscalationPlan.Policy;
import dev.klaxon.escalation.EscalationPlan.Restart;
import dev.klaxon.escalation.EscalationPlan.Skip;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The escalation decision as a table; plain JUnit, no Quarkus, no database. */
class EscalationPlanTest {

    static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    static final Duration M5 = Duration.ofMinutes(5), M10 = Duration.ofMinutes(10), M30 = Duration.ofMinutes(30);
    /** Three steps: 5, 10, 30 minutes; walked twice. */
    static final Policy THREE_TWICE = new Policy(1, List.of(M5, M10, M30));
    static final Policy ONE_ONCE = new Policy(0, List.of(M5));
    static final Set<Integer> ALL = Set.of(0, 1, 2);

    record Row(String name, Policy policy, int round, int step, Set<Integer> reachable, List<Move> moves,
               Outcome outcome) {
    }

    @Test
    void table() {
        List<Row> rows = List.of(
                new Row("a new alert pages step 1; step 2 is due after step 1's delay",
                        THREE_TWICE, 0, 0, ALL, List.of(), new PageStep(0, 0, NOW.plus(M5))),
                new Row("the next step pages with its own delay",
                        THREE_TWICE, 0, 1, ALL, List.of(), new PageStep(0, 1, NOW.plus(M10))),
                new Row("past the last step with a repeat left: the policy starts again",
                        THREE_TWICE, 0, 3, ALL, List.of(new Restart(1)), new PageStep(1, 0, NOW.plus(M5))),
                new Row("past the last step of the last pass: exhausted at the last step",
                        THREE_TWICE, 1, 3, ALL, List.of(), new Exhausted(1, 2)),
                new Row("a policy without repeat is exhausted after one pass",
                        ONE_ONCE, 0, 1, ALL, List.of(), new Exhausted(0, 0)),
                new Row("an empty step is skipped at once; its delay does not count",
                        THREE_TWICE, 0, 0, Set.of(1, 2), List.of(new Skip(0, 0)), new PageStep(0, 1, NOW.plus(M10))),
                new Row("empty steps at the end roll over into the next pass",
                        THREE_TWICE, 0, 1, Set.of(0), List.of(new Skip(0, 1), new Skip(0, 2), new Restart(1)),
                        new PageStep(1, 0, NOW.plus(M5))),
                new Row("nobody anywhere: every step skipped on every pass, then exhausted",
                        THREE_TWICE, 0, 0, Set.of(),
                        List.of(new Skip(0, 0), new Skip(0, 1), new Skip(0, 2), new Restart(1),
                                new Skip(1, 0), new Skip(1, 1), new Skip(1, 2)),
                        new Exhausted(1, 2)),
                new Row("no policy: nobody paged", null, 0, 0, ALL, List.of(), new NoPolicy()),
                new Row("a policy with no steps: nobody paged",
                        new Policy(2, List.of()), 0, 0, ALL, List.of(), new NoPolicy()));
        for (Row r : rows) {
            EscalationPlan.Plan p = EscalationPlan.plan(r.policy(), r.round(), r.step(), r.reachable()::contains, NOW);
            assertEquals(r.moves(), p.moves(), r.name());
            assertEquals(r.outcome(), p.outcome(), r.name());
        }
    }
}
