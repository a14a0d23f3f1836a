package dev.klaxon.service;

import dev.klaxon.platform.AuditLog;
import dev.klaxon.platform.KlaxonException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** Maintenance windows per service: while one is active, alerts are recorded and nobody is paged. */
@ApplicationScoped
@Transactional
public class MaintenanceService {

    /** The maintenance in force at some instant: until when (across back-to-back windows) and why. */
    public record Active(Instant until, String reason) {
    }

    @Inject
    InstantSource clock;

    @Inject
    ServiceCatalog services;

    @Inject
    AuditLog audit;

    @Inject
    Event<MaintenanceEvents.WindowRemoved> removed;

    public MaintenanceWindow create(UUID serviceId, Instant start, Instant end, String reason, String actor) {
        Service s = services.require(serviceId);
        MaintenanceWindow w = new MaintenanceWindow();
        w.id = UUID.randomUUID();
        w.serviceId = serviceId;
        w.startAt = start;
        w.endAt = end;
        w.reason = reason;
        w.createdBy = actor;
        w.createdAt = clock.instant();
        w.persist();
        audit.record("created", "maintenance-window", w.id, "service " + s.name + " from " + start + " to " + end
                + (reason == null ? "" : ": " + reason));
        return w;
    }

    /** Windows that have not ended yet, soonest first; ended ones are history nobody acts on. */
    public List<MaintenanceWindow> list(UUID serviceId) {
        services.require(serviceId);
        return MaintenanceWindow.list("serviceId = ?1 and endAt > ?2 order by startAt, id", serviceId, clock.instant());
    }

    public void delete(UUID serviceId, UUID windowId) {
        MaintenanceWindow w = MaintenanceWindow.findById(windowId);
        if (w == null || !w.serviceId.equals(serviceId)) {
            throw KlaxonException.notFound("maintenance window " + windowId);
        }
        w.delete();
        audit.record("deleted", "maintenance-window", w.id, "window from " + w.startAt + " to " + w.endAt);
        removed.fire(new MaintenanceEvents.WindowRemoved(serviceId));
    }

    /** The maintenance in force at {@code at}, following windows that overlap or touch to the last end. */
    public Optional<Active> activeAt(UUID serviceId, Instant at) {
        return Optional.ofNullable(activeAt(List.of(serviceId), at).get(serviceId));
    }

    /**
     * {@link #activeAt(UUID, Instant)} for many services in one query (the escalation sweep's batch).
     *
     * @return the services in maintenance at {@code at}, each with its maintenance; the others are absent
     */
    public Map<UUID, Active> activeAt(Collection<UUID> serviceIds, Instant at) {
        if (serviceIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<MaintenanceWindow>> byService = MaintenanceWindow.<MaintenanceWindow>list(
                        "serviceId in ?1 and endAt > ?2 order by startAt", serviceIds, at).stream()
                .collect(Collectors.groupingBy(w -> w.serviceId));
        Map<UUID, Active> out = new HashMap<>();
        byService.forEach((serviceId, windows) -> active(windows, at).ifPresent(a -> out.put(serviceId, a)));
        return out;
    }

    /** Of one service's windows that have not ended, soonest first: the one in force at {@code at}, to its last end. */
    private static Optional<Active> active(List<MaintenanceWindow> windows, Instant at) {
        MaintenanceWindow current = windows.stream().filter(w -> w.activeAt(at)).findFirst().orElse(null);
        if (current == null) {
            return Optional.empty();
        }
        Instant until = at;
        boolean extended = true;
        while (extended) {
            extended = false;
            for (MaintenanceWindow w : windows) {
                if (!w.startAt.isAfter(until) && w.endAt.isAfter(until)) {
                    until = w.endAt;
                    extended = true;
                }
            }
        }
        return Optional.of(new Active(until, current.reason));
    }
}
