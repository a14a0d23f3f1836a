package dev.klaxon.platform;

import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.StreamSupport;

/**
 * The few settings {@link KlaxonMain} needs before Quarkus starts, read from every source Quarkus itself reads, in
 * Quarkus' order (highest first): {@code -D} system properties, environment variables, {@code .env} in the working
 * directory, {@code config/application.properties} in the working directory, {@code application.properties} on the
 * class path — with the active profile ({@code quarkus.profile}, default {@code prod}) applied. So a database URL or
 * data directory given anywhere Quarkus would see it is seen here too.
 */
public final class StartupSettings {

    static final String URL = "quarkus.datasource.jdbc.url";
    private static final String JDBC_PROPERTIES = "quarkus.datasource.jdbc.additional-jdbc-properties.";

    private final SmallRyeConfig config;

    private StartupSettings(SmallRyeConfig config) {
        this.config = config;
    }

    /** Reads the settings as a Quarkus application started in {@code workingDir} with this class path would. */
    public static StartupSettings load(Path workingDir, ClassLoader classPath) {
        String profile = Optional.ofNullable(System.getProperty("quarkus.profile"))
                .or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE"))).orElse("prod");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .forClassLoader(classPath)
                .withProfile(profile)
                .addDefaultSources() // system properties (400), environment (300), microprofile-config.properties
                .withSources(DotEnvConfigSourceProvider.dotEnvSources(
                        workingDir.resolve(".env").toUri().toString(), classPath)) // 295
                .withSources(PropertiesConfigSourceLoader.inFileSystem(
                        workingDir.resolve("config/application.properties").toUri().toString(), 260, classPath))
                .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, classPath))
                .build();
        return new StartupSettings(config);
    }

    /** Why these settings cannot start Klaxon ({@link SettingsCheck}), in one sentence; empty when they can. */
    public Optional<String> refusal() {
        return SettingsCheck.refusal(this::get);
    }

    /** The configured database URL, if any source names one. */
    public Optional<String> databaseUrl() {
        return get(URL);
    }

    /** Where the embedded PostgreSQL keeps its data: {@code klaxon.data-dir} / {@code KLAXON_DATA_DIR}, default {@code data}. */
    public Path dataDir() {
        return Path.of(get("klaxon.data-dir").orElse("data")).toAbsolutePath();
    }

    /** Connection properties for the configured database: user, password and any additional JDBC properties. */
    Properties connectionProperties() {
        Properties p = new Properties();
        get("quarkus.datasource.username").ifPresent(u -> p.setProperty("user", u));
        get("quarkus.datasource.password").ifPresent(pw -> p.setProperty("password", pw));
        StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(n -> n.startsWith(JDBC_PROPERTIES))
                .forEach(n -> get(n).ifPresent(v -> p.setProperty(n.substring(JDBC_PROPERTIES.length()), v)));
        return p;
    }

    /** The public port, where Klaxon's own routes are served. */
    int httpPort() {
        return get("quarkus.http.port").map(Integer::parseInt).orElse(8080);
    }

    String httpHost() {
        return get("quarkus.http.host").orElse("0.0.0.0");
    }

    /** The management port when Quarkus' management interface is on, else empty (health is on the public port). */
    Optional<Integer> managementPort() {
        boolean on = get("quarkus.management.enabled").map(Boolean::parseBoolean).orElse(false);
        return on ? Optional.of(get("quarkus.management.port").map(Integer::parseInt).orElse(9000)) : Optional.empty();
    }

    String managementHost() {
        return get("quarkus.management.host").orElse("0.0.0.0");
    }

    Optional<String> get(String name) {
        try {
            return config.getOptionalValue(name, String.class).filter(s -> !s.isBlank());
        } catch (RuntimeException e) {
            return Optional.empty(); // an expression we cannot expand before Quarkus starts: Quarkus will say
        }
    }
}
