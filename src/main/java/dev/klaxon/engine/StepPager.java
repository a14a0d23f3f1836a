package dev.klaxon.engine;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.TimelineKind;
import dev.klaxon.directory.ContactMethod;
import dev.klaxon.directory.ContactType;
import dev.klaxon.directory.User;
import dev.klaxon.directory.UserService;
import dev.klaxon.escalation.EscalationPlan;
import dev.klaxon.escalation.EscalationPolicy;
import dev.klaxon.escalation.EscalationPolicyService;
import dev.klaxon.notify.Outbox;
import dev.klaxon.notify.Page;
import dev.klaxon.notify.render.AckLinks;
import dev.klaxon.notify.render.PageText;
import dev.klaxon.service.MaintenanceService;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Pages escalation steps for many alerts at once — a claimed batch of the escalation sweep, or the one alert a
 * trigger or an escalate request names — in a number of statements that does not grow with the alerts: one query
 * each for maintenance, services, policies, users, contact methods and rules; one UPDATE that cancels superseded
 * pages; one INSERT for every page (its page key still decides whether a page is new, so paging stays exactly-once);
 * one INSERT for the timeline. Who a step resolves to is asked once per (policy, step).
 *
 * <p>Each alert goes through {@link EscalationPlan} as it would alone, with the same timeline lines in the same
 * order: its statements only run side by side with other alerts' (alerts share no rows: page keys carry the alert).
 * The rare alert whose step was all written before walks on in another round of the same statements.</p>
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class StepPager {

    /**
     * An alert to page from step {@code step} of pass {@code round} (both from 0; past the last step means the next
     * pass, or exhausted), after writing {@code why} of kind {@code whyKind} on its timeline (null: nothing).
     */
    public record Start(Alert alert, int round, int step, TimelineKind whyKind, String why) {

        /** From (round, step), with no line before the paging's own. */
        public static Start at(Alert alert, int round, int step) {
            return new Start(alert, round, step, null, null);
        }
    }

    @Inject
    InstantSource clock;

    @Inject
    AlertService alerts;

    @Inject
    ServiceCatalog services;

    @Inject
    EscalationPolicyService policies;

    @Inject
    UserService users;

    @Inject
    Outbox outbox;

    @Inject
    AckLinks links;

    @Inject
    MaintenanceGate maintenance;

    /** Pages each alert's step (each alert at most once), writes its timeline and stores its escalation position. */
    public void page(List<Start> starts) {
        if (!starts.isEmpty()) {
            new Run(clock.instant()).page(starts);
        }
    }

    /** One batch: what it read (asked once per batch) and the timeline lines it writes at the end, in order. */
    private final class Run {
        final Instant now;
        final Map<String, List<UUID>> resolved = new HashMap<>();
        final Map<UUID, User> userById = new HashMap<>();
        final Map<UUID, List<UserService.PageTarget>> targets = new HashMap<>();
        final List<AlertService.Line> lines = new ArrayList<>();

        Run(Instant now) {
            this.now = now;
        }

        void page(List<Start> starts) {
            Set<UUID> serviceIds = new HashSet<>();
            for (Start s : starts) {
                if (s.why() != null) {
                    line(s.alert(), s.whyKind(), s.why());
                }
                serviceIds.add(s.alert().serviceId);
            }
            Map<UUID, MaintenanceService.Active> inMaintenance = maintenance.inMaintenance(serviceIds, now);
            Map<UUID, Service> serviceById = services.byIds(serviceIds);
            Map<UUID, EscalationPolicy> policyById = policies.byIds(serviceById.values().stream()
                    .map(s -> s.escalationPolicyId).filter(Objects::nonNull).distinct().toList());
            List<Walk> walks = new ArrayList<>();
            for (Start s : starts) {
                Alert a = s.alert();
                MaintenanceService.Active m = inMaintenance.get(a.serviceId);
                if (m != null) {
                    line(a, TimelineKind.MAINTENANCE, maintenance.defer(a, s.round(), s.step(), m));
                    continue;
                }
                Service service = serviceById.get(a.serviceId);
                walks.add(new Walk(a, service == null ? null : policyById.get(service.escalationPolicyId), s.round(), s.step()));
            }
            while (!walks.isEmpty()) {
                prefetch(walks);
                walks.forEach(Walk::plan);
                cancelSuperseded(walks);
                List<Page> pages = new ArrayList<>();
                walks.forEach(w -> w.pages(pages));
                Set<String> written = outbox.enqueueAll(pages);
                List<Walk> onward = new ArrayList<>();
                for (Walk w : walks) {
                    if (w.finish(written)) {
                        onward.add(w);
                    }
                }
                walks = onward;
            }
            alerts.logAll(lines);
        }

        void line(Alert a, TimelineKind kind, String message) {
            lines.add(new AlertService.Line(a.id, kind, null, message));
        }

        /** The users step {@code i} of the policy pages now, each once. */
        List<UUID> stepUsers(EscalationPolicy policy, int i) {
            return resolved.computeIfAbsent(policy.id + ":" + i, k -> policies.resolveTargets(policy.steps.get(i), now));
        }

        /** Loads the users not loaded yet and their page targets: one query each for users, methods and rules. */
        void load(List<UUID> ids) {
            List<UUID> missing = ids.stream().filter(id -> !targets.containsKey(id)).distinct().toList();
            if (!missing.isEmpty()) {
                userById.putAll(users.byIds(missing));
                targets.putAll(users.pageTargets(missing));
            }
        }

        boolean reachable(EscalationPolicy policy, int i) {
            List<UUID> ids = stepUsers(policy, i);
            load(ids);
            return ids.stream().anyMatch(id -> userById.containsKey(id) && !targets.get(id).isEmpty());
        }

        /** The users of the step each walk looks at first, loaded together (the plan's later looks load their own). */
        void prefetch(List<Walk> walks) {
            LinkedHashSet<UUID> ids = new LinkedHashSet<>();
            for (Walk w : walks) {
                if (w.policy == null || w.policy.steps.isEmpty()) {
                    continue;
                }
                int first = w.step < w.policy.steps.size() ? w.step : (w.round < w.policy.repeatCount ? 0 : -1);
                if (first >= 0) {
                    ids.addAll(stepUsers(w.policy, first));
                }
            }
            load(new ArrayList<>(ids));
        }

        /** Cancels superseded pages in as many statements as the alert with the most skipped steps needs (mostly one). */
        void cancelSuperseded(List<Walk> walks) {
            for (int i = 0; ; i++) {
                List<Outbox.StepAt> at = new ArrayList<>();
                Map<UUID, Cancel> byAlert = new HashMap<>();
                for (Walk w : walks) {
                    List<Cancel> cancels = w.ops.stream().filter(Cancel.class::isInstance).map(Cancel.class::cast).toList();
                    if (i < cancels.size()) {
                        at.add(new Outbox.StepAt(w.alert.id, cancels.get(i).round, cancels.get(i).step));
                        byAlert.put(w.alert.id, cancels.get(i));
                    }
                }
                if (at.isEmpty()) {
                    return;
                }
                outbox.cancelSupersededSteps(at).forEach((alertId, n) -> byAlert.get(alertId).canceled = n);
            }
        }

        /**
         * One alert's way through its policy. {@link #plan} records what it will do, in timeline order; the batch's
         * statements run; {@link #finish} writes the lines with what they did and stores the position.
         */
        final class Walk {
            final Alert alert;
            final EscalationPolicy policy;
            final EscalationPlan.Policy shape;
            int round;
            int step;
            final List<Op> ops = new ArrayList<>();
            EscalationPlan.PageStep paging;

            Walk(Alert alert, EscalationPolicy policy, int round, int step) {
                this.alert = alert;
                this.policy = policy;
                this.shape = policy == null ? null : EscalationPlan.Policy.of(policy);
                this.round = round;
                this.step = step;
            }

            void plan() {
                EscalationPlan.Plan plan = EscalationPlan.plan(shape, round, step, i -> reachable(policy, i), now);
                for (EscalationPlan.Move m : plan.moves()) {
                    if (m instanceof EscalationPlan.Restart r) {
                        ops.add(new Text(TimelineKind.ESCALATION_REPEAT, "Escalation policy " + policy.name
                                + " starts again (pass " + (r.round() + 1) + " of " + (policy.repeatCount + 1) + ")"));
                    } else if (m instanceof EscalationPlan.Skip k) {
                        pageUsers(k.round(), k.step());
                        ops.add(skipped(k.step()));
                    }
                }
                EscalationPlan.Outcome o = plan.outcome();
                if (o instanceof EscalationPlan.NoPolicy) {
                    alerts.setEscalation(alert, round, step, null);
                    ops.add(new Text(TimelineKind.ESCALATION_STOPPED, "No escalation policy to follow; nobody was paged"));
                } else if (o instanceof EscalationPlan.Exhausted x) {
                    alerts.setEscalation(alert, x.round(), x.lastStep(), null);
                    ops.add(new Text(TimelineKind.ESCALATION_EXHAUSTED, "Escalation policy " + policy.name
                            + " has no more steps; the alert stays open without further pages"));
                } else {
                    paging = (EscalationPlan.PageStep) o;
                    pageUsers(paging.round(), paging.step());
                }
            }

            /**
             * Cancels pending pages of earlier steps (rules keep going only until the escalation moves on), then one
             * page per due contact method of each user; a repeating rule's page carries its interval (the dispatcher
             * writes each next occurrence while the step lasts).
             */
            private void pageUsers(int round, int step) {
                ops.add(new Cancel(round, step));
                for (UUID userId : stepUsers(policy, step)) {
                    User u = userById.get(userId);
                    if (u == null) {
                        continue;
                    }
                    List<UserService.PageTarget> ts = targets.get(userId);
                    if (ts.isEmpty()) {
                        ops.add(new Text(TimelineKind.PAGE_SKIPPED, u.name + " has no contact method that can be paged"));
                        continue;
                    }
                    String token = links.token(alert.id, userId);
                    List<Paged.Target> pages = new ArrayList<>();
                    for (UserService.PageTarget t : ts) {
                        String key = alert.pageKeyPrefix() + ":" + round + ":" + step + ":" + userId + ":"
                                + t.method().id + ":" + (t.ruleId() == null ? "-" : t.ruleId());
                        pages.add(new Paged.Target(render(alert, userId, t.method(), token, key, now.plus(t.delay()),
                                round, step, t.repeat()), t.method().type + " " + t.method().address
                                + (t.delay().isZero() ? "" : " after " + words(t.delay()))
                                + (t.repeat() == null ? "" : ", again every " + words(t.repeat()))));
                    }
                    ops.add(new Paged("Step " + (step + 1) + ": paging " + u.name + " by ", pages));
                }
            }

            void pages(List<Page> into) {
                ops.stream().filter(Paged.class::isInstance)
                        .forEach(p -> ((Paged) p).targets().forEach(t -> into.add(t.page())));
            }

            /** Writes the lines; @return whether the walk goes on (every page of its step was written before). */
            boolean finish(Set<String> written) {
                int n = 0;
                for (Op op : ops) {
                    if (op instanceof Text t) {
                        line(alert, t.kind(), t.message());
                    } else if (op instanceof Cancel c && c.canceled > 0) {
                        line(alert, TimelineKind.PAGES_CANCELED, c.canceled + " pending page(s) of the previous step canceled");
                    } else if (op instanceof Paged p) {
                        List<String> what = p.targets().stream().filter(t -> written.contains(t.page().pageKey()))
                                .map(Paged.Target::what).toList();
                        if (!what.isEmpty()) {
                            line(alert, TimelineKind.PAGED, p.prefix() + String.join(", ", what));
                        }
                        n += what.size();
                    }
                }
                ops.clear();
                EscalationPlan.PageStep p = paging;
                paging = null;
                if (p == null) {
                    return false;
                }
                if (n > 0) {
                    alerts.setEscalation(alert, p.round(), p.step(), p.nextDue());
                    return false;
                }
                // every page of the step was written before (same keys): as good as nobody to page
                Text skip = skipped(p.step());
                line(alert, skip.kind(), skip.message());
                round = p.round();
                step = p.step() + 1;
                return true;
            }
        }
    }

    private static Text skipped(int step) {
        return new Text(TimelineKind.ESCALATION_SKIP, "Step " + (step + 1) + " has nobody to page; escalating at once");
    }

    /** What planning an alert decided, in timeline order: a line, a cancel of superseded pages, one user's pages. */
    private sealed interface Op permits Text, Cancel, Paged {
    }

    /** A timeline line known when planning. */
    private record Text(TimelineKind kind, String message) implements Op {
    }

    /** Superseded pages to cancel at (round, step); the line says how many once the statement ran. */
    private static final class Cancel implements Op {
        final int round;
        final int step;
        int canceled;

        Cancel(int round, int step) {
            this.round = round;
            this.step = step;
        }
    }

    /** One user's pages of a step; the line names those the INSERT wrote. */
    private record Paged(String prefix, List<Target> targets) implements Op {
        record Target(Page page, String what) {
        }
    }

    private static String words(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    /** The page of one contact method: its text for the channel and the links to act on the alert. */
    Page render(Alert a, UUID userId, ContactMethod method, String token, String key, Instant notBefore,
                int round, int step, Duration repeat) {
        String sev = a.severity.json();
        ContactType type = method.type;
        String ackUrl = links.ackUrl(token);
        String body = switch (type) {
            case SMS -> PageText.sms(a.number, sev, a.summary, ackUrl);
            case VOICE -> PageText.spoken(a.number, sev, a.summary);
            default -> PageText.subject(a.number, sev, a.summary) + "\n\n" + PageText.oneLine(a.summary)
                    + "\n\nAcknowledge: " + ackUrl;
        };
        String actionUrl = type == ContactType.VOICE ? links.voiceUrl(token) : ackUrl;
        return new Page(key, a.id, userId, method.id, type.name(), method.address,
                PageText.subject(a.number, sev, a.summary), body, actionUrl, notBefore, round, step, repeat, 0);
    }
}
