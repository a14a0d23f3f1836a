package dev.klaxon.notify;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.Statement;

/** LISTENs for outbox commits of other replicas, so their pages leave at once from whichever replica is free. */
@ApplicationScoped
public class OutboxListener {

    private static final Logger LOG = Logger.getLogger(OutboxListener.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DispatchSignal signal;

    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent e) {
        running = true;
        thread = new Thread(this::run, "klaxon-outbox-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        try {
            thread.join(2_000); // getNotifications returns within a second; let it close its connection
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long backoff = 500;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + Outbox.NOTIFY_CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                backoff = 500;
                while (running) {
                    PGNotification[] got = pg.getNotifications(1000);
                    if (got != null && got.length > 0) {
                        signal.wake();
                    }
                }
            } catch (Exception ex) {
                if (!running) {
                    return;
                }
                // database away: the dispatcher's own poll still runs; re-listen when it is back
                LOG.debugf("outbox listener reconnecting: %s", ex.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }
}
