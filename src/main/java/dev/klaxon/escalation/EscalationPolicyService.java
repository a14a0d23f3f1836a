package dev.klaxon.escalation;

import dev.klaxon.directory.UserDeleting;
import dev.klaxon.directory.UserService;
import dev.klaxon.platform.AuditLog;
import dev.klaxon.platform.KlaxonException;
import dev.klaxon.platform.Problem;
import dev.klaxon.schedule.ScheduleDeleting;
import dev.klaxon.schedule.ScheduleService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
@Transactional
public class EscalationPolicyService {

    @Inject
    InstantSource clock;

    @Inject
    UserService users;

    @Inject
    ScheduleService schedules;

    @Inject
    Event<PolicyDeleting> deleting;

    @Inject
    AuditLog audit;

    public EscalationPolicy create(String name, int repeat, List<EscalationPolicy.Step> steps) {
        checkTargets(steps);
        EscalationPolicy p = new EscalationPolicy();
        p.id = UUID.randomUUID();
        p.name = name;
        p.repeatCount = repeat;
        p.steps = steps;
        p.createdAt = clock.instant();
        p.persist();
        audit.record("created", "escalation-policy", p.id, "policy " + name + " (" + steps.size() + " step(s), repeat " + repeat + ")");
        return p;
    }

    public EscalationPolicy replace(UUID id, String name, int repeat, List<EscalationPolicy.Step> steps) {
        EscalationPolicy p = require(id);
        checkTargets(steps);
        p.name = name;
        p.repeatCount = repeat;
        p.steps = steps;
        audit.record("updated", "escalation-policy", p.id, "policy " + name + " (" + steps.size() + " step(s), repeat " + repeat + ")");
        return p;
    }

    public EscalationPolicy require(UUID id) {
        EscalationPolicy p = EscalationPolicy.findById(id);
        if (p == null) {
            throw KlaxonException.notFound("escalation policy " + id);
        }
        return p;
    }

    public EscalationPolicy find(UUID id) {
        return EscalationPolicy.findById(id);
    }

    /** The policies with these ids that exist, in one query. */
    public Map<UUID, EscalationPolicy> byIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, EscalationPolicy> out = new HashMap<>();
        EscalationPolicy.<EscalationPolicy>list("id in ?1", ids).forEach(p -> out.put(p.id, p));
        return out;
    }

    public List<EscalationPolicy> list() {
        return EscalationPolicy.list("order by name, id");
    }

    public void delete(UUID id) {
        EscalationPolicy p = require(id);
        deleting.fire(new PolicyDeleting(id, p.name));
        p.delete();
        audit.record("deleted", "escalation-policy", id, "policy " + p.name);
    }

    /**
     * The users a step pages at this instant: users themselves, team members, and whoever each schedule has on
     * call — in target order, each user once.
     */
    public List<UUID> resolveTargets(EscalationPolicy.Step step, Instant at) {
        LinkedHashSet<UUID> out = new LinkedHashSet<>();
        for (EscalationPolicy.Target t : step.targets()) {
            UUID id = UUID.fromString(t.id());
            switch (t.type()) {
                case USER -> out.add(id);
                case TEAM -> out.addAll(users.teamMembers(id));
                case SCHEDULE -> out.addAll(schedules.onCall(id, at));
            }
        }
        return new ArrayList<>(out);
    }

    /** Ids of schedules any policy targets (gap checks care only about schedules that page someone). */
    public List<UUID> targetedSchedules() {
        LinkedHashSet<UUID> out = new LinkedHashSet<>();
        for (EscalationPolicy p : list()) {
            p.steps.forEach(s -> s.targets().stream().filter(t -> t.type() == EscalationPolicy.TargetType.SCHEDULE)
                    .forEach(t -> out.add(UUID.fromString(t.id()))));
        }
        return new ArrayList<>(out);
    }

    private void checkTargets(List<EscalationPolicy.Step> steps) {
        List<Problem.Violation> v = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            for (int j = 0; j < steps.get(i).targets().size(); j++) {
                EscalationPolicy.Target t = steps.get(i).targets().get(j);
                UUID id = UUID.fromString(t.id());
                boolean exists = switch (t.type()) {
                    case USER -> users.unknown(List.of(id)).isEmpty();
                    case TEAM -> users.teamExists(id);
                    case SCHEDULE -> schedules.exists(id);
                };
                if (!exists) {
                    v.add(new Problem.Violation("steps[" + i + "].targets[" + j + "].id", "no " + t.type() + " " + id));
                }
            }
        }
        if (!v.isEmpty()) {
            throw KlaxonException.invalid(v);
        }
    }

    void refuseDeletingTargetedUser(@Observes UserDeleting event) {
        refuseIfTargeted(EscalationPolicy.TargetType.USER, event.userId(), event.name());
    }

    void refuseDeletingTargetedSchedule(@Observes ScheduleDeleting event) {
        refuseIfTargeted(EscalationPolicy.TargetType.SCHEDULE, event.scheduleId(), event.name());
    }

    private void refuseIfTargeted(EscalationPolicy.TargetType type, UUID id, String name) {
        List<String> names = list().stream()
                .filter(p -> p.steps.stream().anyMatch(s -> s.targets().stream()
                        .anyMatch(t -> t.type() == type && t.id().equals(id.toString()))))
                .map(p -> p.name).toList();
        if (!names.isEmpty()) {
            throw KlaxonException.conflict(name + " is a target of escalation policies " + names
                    + "; remove it from them first");
        }
    }
}
