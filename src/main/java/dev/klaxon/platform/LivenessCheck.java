package dev.klaxon.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.lang.management.ManagementFactory;

/**
 * Alive while the process is not wedged: the health endpoint answers (so the HTTP event loop runs) and no threads
 * are deadlocked. Deliberately nothing about the database: restarting a replica does not bring a database back,
 * and a crash loop would only add back-off to the recovery (LESSONS.md, 4).
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        return HealthCheckResponse.named("process").status(deadlocked == null)
                .withData("deadlockedThreads", deadlocked == null ? 0 : deadlocked.length).build();
    }
}
