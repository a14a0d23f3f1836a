package dev.klaxon.platform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KlaxonMain decides before Quarkus starts whether a database is configured: it must see a URL wherever Quarkus
 * would (a URL only in a properties file used to be ignored, and the embedded database started instead).
 */
class StartupSettingsTest {

    private static final String URL = "jdbc:postgresql://db.example:5433/klaxon";

    @AfterEach
    void clear() {
        System.clearProperty("quarkus.datasource.jdbc.url");
        System.clearProperty("klaxon.data-dir");
    }

    @Test
    void urlInTheApplicationPropertiesOnTheClassPathIsSeen(@TempDir Path dir) throws IOException {
        Path cp = Files.createDirectories(dir.resolve("cp"));
        Files.writeString(cp.resolve("application.properties"), "quarkus.datasource.jdbc.url=" + URL + "\n");
        assertEquals(Optional.of(URL), load(dir, cp).databaseUrl());
    }

    @Test
    void prodProfileOfTheClassPathPropertiesApplies(@TempDir Path dir) throws IOException {
        Path cp = Files.createDirectories(dir.resolve("cp"));
        Files.writeString(cp.resolve("application.properties"), "%prod.quarkus.datasource.jdbc.url=" + URL + "\n"
                + "%dev.quarkus.datasource.jdbc.url=jdbc:postgresql://dev/x\n");
        assertEquals(Optional.of(URL), load(dir, cp).databaseUrl());
    }

    @Test
    void urlInConfigApplicationPropertiesOfTheWorkingDirectoryIsSeen(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.properties"), "quarkus.datasource.jdbc.url=" + URL + "\n");
        assertEquals(Optional.of(URL), load(dir, null).databaseUrl());
    }

    @Test
    void urlInDotEnvOfTheWorkingDirectoryIsSeen(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".env"), "QUARKUS_DATASOURCE_JDBC_URL=" + URL + "\n");
        assertEquals(Optional.of(URL), load(dir, null).databaseUrl());
    }

    @Test
    void sourcesRankAsInQuarkus(@TempDir Path dir) throws IOException {
        Path cp = Files.createDirectories(dir.resolve("cp"));
        Files.writeString(cp.resolve("application.properties"), "quarkus.datasource.jdbc.url=jdbc:postgresql://classpath/x\n");
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.properties"), "quarkus.datasource.jdbc.url=jdbc:postgresql://config/x\n");
        assertEquals(Optional.of("jdbc:postgresql://config/x"), load(dir, cp).databaseUrl());
        Files.writeString(dir.resolve(".env"), "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://dotenv/x\n");
        assertEquals(Optional.of("jdbc:postgresql://dotenv/x"), load(dir, cp).databaseUrl());
        System.setProperty("quarkus.datasource.jdbc.url", URL);
        assertEquals(Optional.of(URL), load(dir, cp).databaseUrl());
    }

    @Test
    void noUrlAnywhereMeansTheEmbeddedDatabase(@TempDir Path dir) {
        assertEquals(Optional.empty(), load(dir, null).databaseUrl());
    }

    @Test
    void dataDirHasAPropertyForm(@TempDir Path dir) throws IOException {
        assertEquals(Path.of("data").toAbsolutePath(), load(dir, null).dataDir());
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.properties"), "klaxon.data-dir=/var/lib/klaxon\n");
        assertEquals(Path.of("/var/lib/klaxon"), load(dir, null).dataDir());
        System.setProperty("klaxon.data-dir", "/srv/klaxon");
        assertEquals(Path.of("/srv/klaxon"), load(dir, null).dataDir());
    }

    @Test
    void anOidcIssuerWithoutAClientIdIsRefusedBeforeAnythingStartsInOneSentence(@TempDir Path dir) throws IOException {
        assertEquals(Optional.empty(), load(dir, null).refusal());
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.properties"), "klaxon.oidc.issuer=https://idp.example/realms/ops\n");
        String refusal = load(dir, null).refusal().orElseThrow();
        assertTrue(refusal.contains("KLAXON_OIDC_ISSUER") && refusal.contains("KLAXON_OIDC_CLIENT_ID"), refusal);
        assertEquals(1, refusal.lines().count(), refusal);
        Files.writeString(dir.resolve(".env"), "KLAXON_OIDC_CLIENT_ID=klaxon\n");
        assertEquals(Optional.empty(), load(dir, null).refusal());
    }

    @Test
    void hostPortOfAJdbcUrlNeverCarriesCredentials() {
        assertEquals("db.example:5433", DatabaseAvailability.hostPort(URL));
        assertEquals("db:5432", DatabaseAvailability.hostPort("jdbc:postgresql://db/klaxon?password=secret"));
        assertEquals("db:5432", DatabaseAvailability.hostPort("jdbc:postgresql://user:pw@db/klaxon"));
    }

    /** Settings as read in {@code dir} with {@code classPath} (null: an empty one) as the class path. */
    private static StartupSettings load(Path dir, Path classPath) {
        try {
            URL[] urls = classPath == null ? new URL[0] : new URL[]{classPath.toUri().toURL()};
            return StartupSettings.load(dir, new URLClassLoader(urls, null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
