package dev.klaxon.engine;

import dev.klaxon.alert.Alert;
import dev.klaxon.alert.AlertLifecycle;
import dev.klaxon.alert.AlertService;
import dev.klaxon.alert.TimelineKind;
import dev.klaxon.service.MaintenanceEvents;
import dev.klaxon.service.MaintenanceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

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

    @Inject
    AlertService alerts;

    /** @return true when the service is in maintenance and paging this step was deferred. */
    public boolean defer(Alert a, int round, int step, Instant now) {
        Optional<MaintenanceService.Active> active = maintenance.activeAt(a.serviceId, now);
        if (active.isEmpty()) {
            return false;
        }
        lifecycle.deferPaging(a, round, step, active.get().until());
        String reason = active.get().reason() == null ? "" : " (" + active.get().reason() + ")";
        alerts.log(a, TimelineKind.MAINTENANCE, null, "Service in maintenance until " + active.get().until() + reason
                + ": nobody is paged; step " + (step + 1) + " pages then if the alert is still open");
        return true;
    }

    void onWindowRemoved(@Observes MaintenanceEvents.WindowRemoved e) {
        lifecycle.wakeDeferred(e.serviceId());
    }
}
