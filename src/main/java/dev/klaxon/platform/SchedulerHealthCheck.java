package dev.klaxon.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.quartz.Scheduler;

/** Ready only while the clustered scheduler runs: a replica that cannot sweep must not take traffic. */
@Readiness
@ApplicationScoped
public class SchedulerHealthCheck implements HealthCheck {

    @Inject
    Scheduler quartz;

    @Override
    public HealthCheckResponse call() {
        boolean up;
        String state;
        try {
            up = quartz.isStarted() && !quartz.isShutdown() && !quartz.isInStandbyMode();
            state = quartz.isShutdown() ? "shut down" : quartz.isInStandbyMode() ? "standby" : up ? "running" : "not started";
        } catch (Exception e) {
            up = false;
            state = "unreachable";
        }
        return HealthCheckResponse.named("scheduler").status(up).withData("state", state)
                .withData("clustered", true).build();
    }
}
