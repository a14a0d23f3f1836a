package dev.klaxon.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL (zonky's embedded binaries) on a fixed loopback port that a test stops and starts again with
 * the same data, to stand for a database outage. Not started until {@link #start()}.
 */
public final class StoppablePostgres implements AutoCloseable {

    private final int port;
    private final Path dataDir;
    private EmbeddedPostgres pg;

    public StoppablePostgres(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir.toAbsolutePath();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts PostgreSQL (creating the cluster on first start); returns once it accepts connections. */
    public void start() throws IOException {
        Files.createDirectories(dataDir.resolve("bin"));
        pg = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir.resolve("pgdata"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dataDir.resolve("bin").toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    /** Stops PostgreSQL (a fast shutdown: open connections are cut, as in an outage). */
    public void stop() throws IOException {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
