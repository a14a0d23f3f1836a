package dev.klaxon.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Before Quarkus starts: waits until the configured PostgreSQL accepts a connection, so that a replica started while
 * its database is away stays up instead of crash-looping (LESSONS.md, 4) and starts by itself when the database
 * arrives. Flyway migrations and the clustered Quartz scheduler both need the database at start, so the whole
 * application start waits here. Meanwhile a stand-in answers on the application's ports: liveness UP, readiness and
 * startup DOWN, and every Klaxon route 503 with {@code Retry-After} (PagerDuty's shape on {@code /v2/enqueue}), as
 * API.md promises while Klaxon cannot take work.
 */
final class DatabaseWait {

    /** How often a connection is tried; the time from database-back to start is at most this plus Quarkus' start. */
    private static final long ATTEMPT_MILLIS = 1_000;
    /** One log line at most this often (and whenever the reason changes). */
    private static final long LOG_MILLIS = 5_000;
    private static final String RETRY_AFTER = "5";

    private final StartupSettings settings;
    private final List<HttpServer> standIns = new ArrayList<>();
    private volatile String reason = "not tried yet";

    DatabaseWait(StartupSettings settings) {
        this.settings = settings;
    }

    /** Returns once a connection succeeded, with the stand-in's ports free again for Quarkus. */
    void await(String url) throws InterruptedException {
        String where = DatabaseAvailability.hostPort(url);
        Properties props = settings.connectionProperties();
        props.putIfAbsent("connectTimeout", "3");
        if (tryConnect(url, props)) {
            return;
        }
        startStandIns();
        try {
            long lastLog = 0;
            String logged = null;
            while (!tryConnect(url, props)) {
                long now = System.nanoTime();
                if (logged == null || !logged.equals(reason) || now - lastLog >= TimeUnit.MILLISECONDS.toNanos(LOG_MILLIS)) {
                    System.err.println("Klaxon: waiting for PostgreSQL at " + where + ": " + reason);
                    lastLog = now;
                    logged = reason;
                }
                Thread.sleep(ATTEMPT_MILLIS);
            }
            System.err.println("Klaxon: PostgreSQL at " + where + " answers; starting");
        } finally {
            standIns.forEach(s -> s.stop(0));
        }
    }

    private boolean tryConnect(String url, Properties props) {
        try (Connection c = DriverManager.getConnection(url, props)) {
            return c.isValid(3);
        } catch (SQLException e) {
            reason = DatabaseAvailability.oneLine(e);
            return false;
        }
    }

    private void startStandIns() {
        bind(settings.httpHost(), settings.httpPort(), settings.managementPort().isEmpty());
        settings.managementPort().ifPresent(p -> bind(settings.managementHost(), p, true));
    }

    private void bind(String host, int port, boolean health) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            server.createContext("/", ex -> answer(ex, health));
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "klaxon-standin-" + port);
                t.setDaemon(true);
                return t;
            }));
            server.start();
            standIns.add(server);
        } catch (IOException e) {
            System.err.println("Klaxon: could not answer on port " + port + " while waiting for PostgreSQL: " + e.getMessage());
        }
    }

    private void answer(HttpExchange ex, boolean health) throws IOException {
        String path = ex.getRequestURI().getPath();
        ex.getRequestBody().readAllBytes();
        if (health && path.startsWith("/q/health")) {
            boolean live = path.startsWith("/q/health/live");
            String check = live ? "{\"name\":\"process\",\"status\":\"UP\"}"
                    : "{\"name\":\"database\",\"status\":\"DOWN\",\"data\":{\"address\":" + json(where()) + ",\"error\":"
                      + json(reason) + "}}";
            send(ex, live ? 200 : 503, "application/json",
                    "{\"status\":\"" + (live ? "UP" : "DOWN") + "\",\"checks\":[" + check + "]}");
        } else if (path.startsWith("/v2/enqueue")) {
            send(ex, 503, "application/json", "{\"status\":\"error\",\"message\":\"Klaxon cannot take events now; "
                    + "retry later\",\"errors\":[\"Klaxon is waiting for its database\"]}");
        } else {
            send(ex, 503, Problem.MEDIA_TYPE, "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
                    + "\"status\":503,\"detail\":\"Klaxon cannot reach its database; retry later\"}");
        }
    }

    private String where() {
        return settings.databaseUrl().map(DatabaseAvailability::hostPort).orElse("");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        if (status == 503) {
            ex.getResponseHeaders().set("Retry-After", RETRY_AFTER);
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\p{Cntrl}", " ") + "\"";
    }
}
