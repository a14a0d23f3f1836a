package dev.klaxon.notify;

import dev.klaxon.alert.AlertStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The throttle's decisions as tables; plain JUnit, no Quarkus, no database. */
class ThrottlePlanTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final UUID A = new UUID(0, 0xA), B = new UUID(0, 0xB), C = new UUID(0, 0xC);

    private static UUID row(int n) {
        return new UUID(1, n);
    }

    private static ThrottlePlan.Due claimed(int n, UUID alert) {
        return new ThrottlePlan.Due(row(n), alert, true);
    }

    private static ThrottlePlan.Due found(int n, UUID alert) {
        return new ThrottlePlan.Due(row(n), alert, false);
    }

    private static PageLimiter.Decision allow(int n) {
        return new PageLimiter.Decision(n, null, null);
    }

    @Test
    void staleReasons() {
        record Row(AlertStatus status, Integer rowRound, Integer rowStep, int round, int step, String reason) {
        }
        for (Row r : List.of(
                new Row(null, 0, 0, 0, 0, "the alert no longer exists"),
                new Row(AlertStatus.ACKNOWLEDGED, 0, 0, 0, 0, "the alert was acknowledged"),
                new Row(AlertStatus.RESOLVED, null, null, 0, 0, "the alert was resolved"),
                new Row(AlertStatus.TRIGGERED, 0, 1, 0, 2, "the escalation moved on"),
                new Row(AlertStatus.TRIGGERED, 0, 1, 1, 1, "the escalation moved on"),
                new Row(AlertStatus.TRIGGERED, 1, 2, 1, 2, null),
                new Row(AlertStatus.TRIGGERED, null, null, 3, 4, null))) { // a page outside escalation
            assertEquals(r.reason(), ThrottlePlan.staleReason(r.status(), r.rowRound(), r.rowStep(), r.round(),
                    r.step()), r.toString());
        }
    }

    @Test
    void aHeldDecisionHoldsEverything() {
        var held = new PageLimiter.Decision(0, T0.plusSeconds(60), "rate limit 3 per 15m");
        assertEquals(new ThrottlePlan.Hold(held), ThrottlePlan.plan(List.of(claimed(1, A), found(2, B)), held));
    }

    @Test
    void pageEachBundleOrWait() {
        record Row(String name, List<ThrottlePlan.Due> due, int allowed, ThrottlePlan.Plan expected) {
        }
        List<Row> table = List.of(
                new Row("one alert, room for one: it goes", List.of(claimed(1, A)), 1,
                        new ThrottlePlan.PageEach(List.of(new ThrottlePlan.Send(row(1), List.of(row(1)))))),
                new Row("two pages of one alert count once; the second folds into the first",
                        List.of(claimed(1, A), claimed(2, A)), 1,
                        new ThrottlePlan.PageEach(List.of(new ThrottlePlan.Send(row(1), List.of(row(1), row(2)))))),
                new Row("a found page of a claimed alert folds into it", List.of(claimed(1, A), found(2, A)), 1,
                        new ThrottlePlan.PageEach(List.of(new ThrottlePlan.Send(row(1), List.of(row(1), row(2)))))),
                new Row("a found page of another alert waits for its own claim", List.of(claimed(1, A), found(2, B)), 2,
                        new ThrottlePlan.PageEach(List.of(new ThrottlePlan.Send(row(1), List.of(row(1)))))),
                new Row("the lead is the alert's first claimed page, even after a found one",
                        List.of(claimed(3, B), found(2, A), claimed(1, A)), 2,
                        new ThrottlePlan.PageEach(List.of(new ThrottlePlan.Send(row(3), List.of(row(3))),
                                new ThrottlePlan.Send(row(1), List.of(row(2), row(1)))))),
                new Row("more alerts than allowed: one bundle", List.of(claimed(1, A), claimed(2, B)), 1,
                        new ThrottlePlan.Bundle(2)),
                new Row("found pages count toward the bundle", List.of(claimed(1, A), found(2, B), found(3, C)), 2,
                        new ThrottlePlan.Bundle(3)),
                new Row("exactly as many alerts as allowed: a page each",
                        List.of(claimed(1, A), claimed(2, B), claimed(3, C)), 3,
                        new ThrottlePlan.PageEach(List.of(new ThrottlePlan.Send(row(1), List.of(row(1))),
                                new ThrottlePlan.Send(row(2), List.of(row(2))),
                                new ThrottlePlan.Send(row(3), List.of(row(3)))))));
        for (Row r : table) {
            assertEquals(r.expected(), ThrottlePlan.plan(r.due(), allow(r.allowed())), r.name());
        }
    }

    @Test
    void limitsAddTheBundleThresholdAndLookBackOverTheLongestWindow() {
        List<PageLimiter.Limit> voice = PageLimiter.Limit.parseAll(List.of("3/PT15M", "7/PT1H"));
        List<PageLimiter.Limit> all = ThrottlePlan.limits(voice, 3, Duration.ofMinutes(2));
        assertEquals(List.of(voice.get(0), voice.get(1), new PageLimiter.Limit(3, Duration.ofMinutes(2))), all);
        assertEquals(Duration.ofHours(1), ThrottlePlan.lookback(all, Duration.ofMinutes(2)));
        assertEquals(Duration.ofMinutes(2), ThrottlePlan.lookback(
                ThrottlePlan.limits(List.of(), 3, Duration.ofMinutes(2)), Duration.ofMinutes(2)));
    }

    @Test
    void repeatsGoEveryIntervalWithinTheStep() {
        record Row(String name, int notBeforeMin, int everyMin, int nowMin, int escalatesMin, Integer expectedMin) {
        }
        List<Row> table = new ArrayList<>(List.of(
                new Row("due on time: one interval after the current page", 0, 5, 0, 30, 5),
                new Row("the current page went late: one interval after now", 0, 5, 7, 30, 12),
                new Row("exactly now counts as past", 0, 5, 5, 30, 10),
                new Row("at the next escalation: none", 0, 5, 0, 5, null),
                new Row("after the next escalation: none", 0, 10, 0, 5, null)));
        for (Row r : table) {
            var next = ThrottlePlan.nextRepeat(T0.plus(Duration.ofMinutes(r.notBeforeMin())),
                    Duration.ofMinutes(r.everyMin()), T0.plus(Duration.ofMinutes(r.nowMin())),
                    T0.plus(Duration.ofMinutes(r.escalatesMin())));
            assertEquals(r.expectedMin() == null ? null : T0.plus(Duration.ofMinutes(r.expectedMin())),
                    next.orElse(null), r.name());
        }
    }

    @Test
    void repeatKeysCountFromTheFirstPage() {
        assertEquals("page:a:u:c:r1", ThrottlePlan.repeatKey("page:a:u:c", 1));
        assertEquals("page:a:u:c:r3", ThrottlePlan.repeatKey("page:a:u:c:r2", 3));
        assertNull(ThrottlePlan.staleReason(AlertStatus.TRIGGERED, null, null, 0, 0));
    }
}
