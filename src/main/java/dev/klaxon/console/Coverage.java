package dev.klaxon.console;

import dev.klaxon.directory.UserService;
import dev.klaxon.escalation.EscalationPolicy;
import dev.klaxon.escalation.EscalationPolicyService;
import dev.klaxon.schedule.Schedule;
import dev.klaxon.schedule.ScheduleService;
import dev.klaxon.service.Service;
import dev.klaxon.service.ServiceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** Which services page a user: those whose escalation policy names them, a team of theirs or a schedule they sit in. */
@ApplicationScoped
public class Coverage {

    @Inject
    EscalationPolicyService policies;

    @Inject
    ServiceCatalog services;

    @Inject
    ScheduleService schedules;

    @Inject
    UserService users;

    /** The ids of the services whose policy can reach this user. */
    public Set<UUID> servicesOf(UUID userId) {
        String me = userId.toString();
        Set<UUID> mySchedules = new HashSet<>();
        for (Schedule s : schedules.list()) {
            if (ScheduleService.participants(s).contains(userId)) {
                mySchedules.add(s.id);
            }
        }
        Set<UUID> myPolicies = new HashSet<>();
        for (EscalationPolicy p : policies.list()) {
            if (p.steps.stream().flatMap(s -> s.targets().stream()).anyMatch(t -> reaches(t, me, mySchedules, userId))) {
                myPolicies.add(p.id);
            }
        }
        Set<UUID> out = new HashSet<>();
        for (Service s : services.list()) {
            if (myPolicies.contains(s.escalationPolicyId)) {
                out.add(s.id);
            }
        }
        return out;
    }

    private boolean reaches(EscalationPolicy.Target t, String me, Set<UUID> mySchedules, UUID userId) {
        return switch (t.type()) {
            case USER -> me.equals(t.id());
            case SCHEDULE -> mySchedules.contains(UUID.fromString(t.id()));
            case TEAM -> users.teamMembers(UUID.fromString(t.id())).contains(userId);
        };
    }
}
