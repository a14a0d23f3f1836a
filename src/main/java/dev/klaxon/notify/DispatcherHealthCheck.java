package dev.klaxon.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while this replica's dispatch loop goes round: a replica that cannot send pages must not take work. */
@Readiness
@ApplicationScoped
public class DispatcherHealthCheck implements HealthCheck {

    @Inject
    Dispatcher dispatcher;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dispatcher").status(dispatcher.loopAlive()).build();
    }
}
