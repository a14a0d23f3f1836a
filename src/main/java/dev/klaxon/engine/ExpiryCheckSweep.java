package dev.klaxon.engine;

import dev.klaxon.check.ExpiryChecks;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs the expiry checks that are due (each once per klaxon.checks.interval, a day by default), cluster-wide:
 * replicas claim checks with SKIP LOCKED, so each check runs on one of them.
 */
@ApplicationScoped
public class ExpiryCheckSweep {

    private static final Logger LOG = Logger.getLogger(ExpiryCheckSweep.class);

    @Inject
    ExpiryChecks checks;

    @Scheduled(identity = "expiry-check-sweep", every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            checks.runDue();
        } catch (RuntimeException e) {
            LOG.warnf("expiry check sweep failed, next one retries: %s", e.toString());
        }
    }
}
