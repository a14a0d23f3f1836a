package dev.klaxon.docs;

import dev.klaxon.notify.ProviderCircuits;
import dev.klaxon.platform.KlaxonConfig;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md against the code's own configuration mapping ({@link KlaxonConfig}): every {@code klaxon.*}
 * setting has a row with its environment name and its {@code @WithDefault}, and no {@code KLAXON_…} name anywhere
 * in README or docs/ is made up. No application start: the mapping is read by reflection.
 */
class ConfigurationDocsTest {

    /** Read by the launcher before Quarkus reads its configuration, so not part of the mapping. */
    static final Set<String> OUTSIDE_THE_MAPPING = Set.of("KLAXON_DATA_DIR");

    /**
     * Settings a page may name ahead of the code. Empty now that the watchdog landed; {@link #noMadeUpSettings} fails
     * once an announced setting is in the mapping, so an exception cannot outlive its reason.
     */
    static final Set<String> ANNOUNCED = Set.of();

    static final Pattern ENV = Pattern.compile("KLAXON_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_…*])");

    @Test
    void everySettingIsDocumentedWithItsDefault() {
        Map<String, String> settings = settings();
        Map<String, String> rows = rows(Docs.read("docs/configuration.md"));
        List<String> wrong = new ArrayList<>();
        settings.forEach((env, dflt) -> {
            if (!rows.containsKey(env)) {
                wrong.add(env + ": no row in docs/configuration.md");
            } else if (dflt != null && !rows.get(env).equals("`" + dflt + "`")) {
                wrong.add(env + ": the code's default is `" + dflt + "`, the table says " + rows.get(env));
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void noMadeUpSettings() {
        Set<String> known = settings().keySet();
        List<String> unknown = new ArrayList<>();
        Matcher m = ENV.matcher(Docs.all());
        while (m.find()) {
            if (!known.contains(m.group()) && !OUTSIDE_THE_MAPPING.contains(m.group()) && !ANNOUNCED.contains(m.group())) {
                unknown.add(m.group());
            }
        }
        for (String a : ANNOUNCED) {
            assertTrue(!known.contains(a), a + " is in KlaxonConfig now: drop it from ANNOUNCED and give it a row");
        }
        assertTrue(unknown.isEmpty(), "settings the docs name but KlaxonConfig does not have: " + unknown);
    }

    @Test
    void theFixedPerEndpointBreakerIsDescribedAsItIs() {
        String config = Docs.read("docs/configuration.md").replaceAll("\\s+", " ");
        String said = "opens after " + ProviderCircuits.FAILURES_TO_OPEN + " failures among its last "
                + ProviderCircuits.WINDOW + " calls, fails fast for " + ProviderCircuits.OPEN_FOR.toSeconds() + " s";
        assertTrue(config.contains(said), "docs/configuration.md says: " + said);
    }

    @Test
    void theReflectionSeesTheMapping() {
        Map<String, String> s = settings();
        assertEquals("http://localhost:8080", s.get("KLAXON_PUBLIC_URL"));
        assertEquals("120", s.get("KLAXON_INGEST_RATE_LIMIT_BURST"));
        assertTrue(s.containsKey("KLAXON_TWILIO_AUTH_TOKEN"));
    }

    /** Environment name → default ({@code null} when there is none), walked from {@link KlaxonConfig}. */
    static Map<String, String> settings() {
        Map<String, String> out = new TreeMap<>();
        walk(KlaxonConfig.class, "klaxon", out);
        return out;
    }

    private static void walk(Class<?> group, String prefix, Map<String, String> out) {
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() != 0 || m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String name = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getName().startsWith("dev.klaxon.")) {
                walk(type, name, out);
            } else {
                WithDefault d = m.getAnnotation(WithDefault.class);
                out.put(name.toUpperCase().replace('.', '_').replace('-', '_'), d == null ? null : d.value());
            }
        }
    }

    /** Environment name → the default cell of its row, for rows that name exactly one {@code KLAXON_} setting. */
    static Map<String, String> rows(String markdown) {
        Map<String, String> rows = new TreeMap<>();
        for (String line : markdown.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split(" \\| ");
            Matcher m = ENV.matcher(cells[0]);
            List<String> names = new ArrayList<>();
            while (m.find()) {
                names.add(m.group());
            }
            for (String n : names) {
                rows.put(n, names.size() == 1 ? cells[1].strip() : "(row names several settings)");
            }
        }
        return rows;
    }
}
