package dev.klaxon.platform;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.flywaydb.core.Flyway;

/**
 * Started once the schema is migrated: Flyway reports no pending migration. Checked once just after start, on a
 * thread of its own (Flyway migrates at start, after {@link KlaxonMain} has waited for PostgreSQL; reading the
 * migrations again is not on the start-up path), and again on a probe until it has passed.
 */
@Startup
@ApplicationScoped
public class MigrationsHealthCheck implements HealthCheck {

    @Inject
    Flyway flyway;

    private volatile String version;

    void started(@Observes StartupEvent e) {
        Thread t = new Thread(this::refresh, "klaxon-migrations-check");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public HealthCheckResponse call() {
        if (version == null) {
            refresh();
        }
        return HealthCheckResponse.named("migrations").status(version != null)
                .withData("schemaVersion", version == null ? "pending" : version).build();
    }

    private void refresh() {
        try {
            var info = flyway.info();
            if (info.pending().length == 0 && info.current() != null) {
                version = info.current().getVersion().getVersion();
            }
        } catch (RuntimeException ex) {
            // the database is away: not started yet, asked again on the next probe
        }
    }
}
