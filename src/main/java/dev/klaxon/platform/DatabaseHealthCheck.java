package dev.klaxon.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while PostgreSQL answers (the last check of {@link DatabaseAvailability}, at most
 * {@code klaxon.database.check-interval} old, so a probe never waits on a database that is away).
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    @Inject
    DatabaseAvailability database;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("database").status(database.up())
                .withData("address", database.address());
        String error = database.lastError();
        return (error == null ? b : b.withData("error", error)).build();
    }
}
