package dev.klaxon.console;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Deletes ended console sessions every 15 minutes, on one replica at a time (clustered Quartz trigger). An ended
 * session is already refused when used ({@link ConsoleSessions#resume}); without the sweep, sessions nobody signs
 * out of (a closed tab, an abandoned phone) would stay in {@code console_session} for ever.
 */
@ApplicationScoped
public class ConsoleSessionSweep {

    private static final Logger LOG = Logger.getLogger(ConsoleSessionSweep.class);

    @Inject
    ConsoleSessions sessions;

    @Scheduled(identity = "console-session-sweep", every = "15m", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        runOnce();
    }

    /** Deletes every session past its end or idle time (Klaxon's clock); returns how many; never throws. */
    public long runOnce() {
        try {
            long n = sessions.purgeEnded();
            if (n > 0) {
                LOG.debugf("console session sweep: %d ended sessions deleted", n);
            }
            return n;
        } catch (RuntimeException e) {
            LOG.warnf("console session sweep failed, the next one retries: %s", e.toString());
            return 0;
        }
    }
}
