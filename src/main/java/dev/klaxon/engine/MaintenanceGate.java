package dev.klaxon.engine;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertLifecycle;
import dev.klaxon.service.MaintenanceEvents;
import dev.klaxon.service.MaintenanceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * While a service is in maintenance its alerts are recorded but nobody is paged: the step waits for the end of
 * the window, when the escalation sweep pages it if the alert is still open.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class MaintenanceGate {

    @Inject
    MaintenanceService maintenance;

    @Inject
    AlertLifecycle lifecycle;

    /** Of these services, those in maintenance at {@code now}, each with until when (one query for them all). */
    public Map<UUID, MaintenanceService.Active> inMaintenance(Collection<UUID> serviceIds, Instant now) {
        return maintenance.activeAt(serviceIds, now);
    }

    /**
     * Defers paging step {@code step} of pass {@code round} to the end of the maintenance.
     *
     * @return the timeline line that says so
     */
    public String defer(Alert a, int round, int step, MaintenanceService.Active active) {
        lifecycle.deferPaging(a, round, step, active.until());
        String reason = active.reason() == null ? "" : " (" + active.reason() + ")";
        return "Service in maintenance until " + active.until() + reason
                + ": nobody is paged; step " + (step + 1) + " pages then if the alert is still open";
    }

    void onWindowRemoved(@Observes MaintenanceEvents.WindowRemoved e) {
        lifecycle.wakeDeferred(e.serviceId());
    }
}
