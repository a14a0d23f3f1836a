package dev.klaxon.platform;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether PostgreSQL answers, checked on a thread of its own every {@code klaxon.database.check-interval}. Readiness,
 * the request gate ({@link DatabaseGate}) and the error mapping read the last result, so none of them waits on a
 * database that is away. Also tells whether a failure means "the database is unreachable" (an outage: 503 with
 * Retry-After) rather than a bug (500).
 */
@ApplicationScoped
public class DatabaseAvailability {

    private static final Logger LOG = Logger.getLogger(DatabaseAvailability.class);
    /** What a caller is told to wait before retrying while the database is away, in seconds. */
    public static final long RETRY_AFTER_SECONDS = 5;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    KlaxonConfig config;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> url;

    private volatile boolean up = true;
    private volatile String lastError;
    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent e) {
        running = true;
        thread = new Thread(this::run, "klaxon-database-check");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent e) {
        running = false;
        thread.interrupt();
    }

    /** The last check's answer: true while PostgreSQL answered a validation query. */
    public boolean up() {
        return up;
    }

    /** Why the last check failed (one line, no secrets), or null while the database answers. */
    public String lastError() {
        return lastError;
    }

    /** host:port of the configured database, for log lines and health data (never the credentials). */
    public String address() {
        return url.map(DatabaseAvailability::hostPort).orElse("(unconfigured)");
    }

    /** Records a failure seen on a request path at once, so later requests are refused without waiting. */
    public void reportOutage(Throwable t) {
        markDown(oneLine(t));
    }

    /** Checks now; returns the new state. */
    public boolean check() {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(2)) {
                throw new SQLTransientConnectionException("validation query got no answer within 2 s");
            }
            if (!up) {
                LOG.infof("PostgreSQL at %s answers again", address());
            }
            up = true;
            lastError = null;
        } catch (SQLException | RuntimeException ex) {
            markDown(oneLine(ex));
        }
        return up;
    }

    private void markDown(String why) {
        if (up) {
            LOG.warnf("PostgreSQL at %s is unreachable: %s", address(), why);
        }
        up = false;
        lastError = why;
    }

    private void run() {
        while (running) {
            check();
            try {
                Thread.sleep(up ? config.database().checkInterval().toMillis() : Math.min(config.database().checkInterval().toMillis(), 1000));
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    /**
     * True when {@code t} (or a cause) says the database cannot be reached: a connection-class SQLSTATE (08xxx),
     * an administrator shutdown or a server that cannot accept connections yet (57P01–57P03), a connection that
     * broke, or no pooled connection within the acquisition timeout. A constraint violation or SQL error is not.
     */
    public static boolean isOutage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientConnectionException
                    || c instanceof java.net.ConnectException
                    || c.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            if (c instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                String msg = String.valueOf(s.getMessage()).toLowerCase(Locale.ROOT);
                if (msg.contains("acquisition timeout") || msg.contains("connection is closed")
                        || msg.contains("this connection has been closed")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** host:port from a JDBC URL ({@code jdbc:postgresql://db:5432/klaxon?…}); the URL itself may carry a password. */
    public static String hostPort(String jdbcUrl) {
        String s = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        int slash = s.indexOf('/');
        s = slash >= 0 ? s.substring(0, slash) : s;
        int q = s.indexOf('?');
        s = q >= 0 ? s.substring(0, q) : s;
        int at = s.lastIndexOf('@');
        s = at >= 0 ? s.substring(at + 1) : s;
        return s.isEmpty() ? "localhost:5432" : s.contains(":") ? s : s + ":5432";
    }

    static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        msg = msg.replaceAll("\\s+", " ").strip();
        return msg.length() > 200 ? msg.substring(0, 200) + "…" : msg;
    }
}
