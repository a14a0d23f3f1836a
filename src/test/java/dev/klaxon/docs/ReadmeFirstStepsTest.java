package dev.klaxon.docs;

import dev.klaxon.testing.KlaxonTest;
import dev.klaxon.testing.KlaxonTestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.klaxon.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs README's "First steps" shell snippets, in order, with bash, curl and jq against the test application — as a
 * newcomer would paste them — so a renamed field or path, or a variable no earlier snippet sets ({@code set -u}),
 * fails the build. Afterwards every metric name the docs list must be on {@code /q/metrics}.
 *
 * <p>Rewrites, and nothing else: {@code localhost:8080} to the test port, the README's bootstrap token to the test's,
 * Alice's email to a unique one (emails are unique and the test database lives for the whole run), and the line
 * that starts the jar is dropped (the test application is already running).
 */
@QuarkusTest
class ReadmeFirstStepsTest {

    static final Pattern TOPIC = Pattern.compile("Subscribe to (\\S+) in the ntfy app");

    @Test
    void firstStepsEndWithAnAcknowledgedPage() throws Exception {
        String script = script(Docs.section(Docs.read("README.md"), "## First steps"));
        Result r = bash(script);
        assertEquals(0, r.exit, "README's First steps failed (exit " + r.exit + "):\n" + r.output + "\n--- script:\n" + script);

        Matcher topic = TOPIC.matcher(r.output);
        assertTrue(topic.find(), "the snippets print the ntfy topic to subscribe to:\n" + r.output);
        assertFalse(KlaxonTestEnvironment.ntfy().awaitMessages(topic.group(1), 1).isEmpty(), "the page reached ntfy");
        assertTrue(r.output.contains("\"status\":\"SENT\""), "the notifications list shows the page sent:\n" + r.output);
        assertTrue(r.output.lines().anyMatch(l -> l.equals("acknowledged")), "the acknowledge call answers acknowledged:\n" + r.output);
        for (String kind : List.of("triggered", "paged", "sent", "acknowledged")) {
            assertTrue(Pattern.compile("(?m)^\\S+  " + kind + "  ").matcher(r.output).find(),
                    "the timeline has a " + kind + " entry:\n" + r.output);
        }
        assertTrue(r.output.contains("Step 1: paging Alice"), "people read step numbers from 1:\n" + r.output);

        metricsTheDocsListAreServed();
        pathsTheDocsNameExist();
    }

    /** Every {@code /api/v1/…} path in README or docs/ is an operation of {@code /q/openapi} (ids as {@code {…}}). */
    private void pathsTheDocsNameExist() {
        Map<String, Object> paths = given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> served = new TreeSet<>();
        paths.keySet().forEach(p -> served.add(p.replaceAll("\\{[^}]*}", "{}")));
        Set<String> unknown = new TreeSet<>();
        Matcher m = Pattern.compile("/api/v1/[A-Za-z0-9{}._/$-]*[A-Za-z0-9}]").matcher(Docs.all());
        while (m.find()) {
            String p = m.group().replaceAll("\\{[^}]*}", "{}").replaceAll("\\$[A-Z]+", "{}");
            if (!served.contains(p)) {
                unknown.add(m.group());
            }
        }
        assertTrue(unknown.isEmpty(), "paths the docs name that Klaxon does not serve: " + unknown);
    }

    /** Every {@code klaxon_…}, {@code agroal_…} and {@code hibernate_…} metric named in README or docs/ is served. */
    private void metricsTheDocsListAreServed() throws IOException {
        String metrics = given().port(metricsPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> missing = new ArrayList<>();
        for (String name : Docs.metricNames()) {
            boolean served = name.endsWith("_") ? metrics.contains("\n" + name) : metrics.contains("\n" + name + "{")
                    || metrics.contains("\n" + name + " ") || metrics.contains("\n" + name + "_count{")
                    || metrics.contains("# TYPE " + name + " ");
            if (!served && !Docs.registeredOnFirstUse(name)) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), "metrics the docs list but /q/metrics does not serve: " + missing);
    }

    static String script(String firstSteps) {
        List<String> blocks = Docs.shellBlocks(firstSteps);
        assertTrue(blocks.size() >= 5, "First steps has its shell snippets: " + blocks.size());
        String port = Integer.toString(RestAssured.port);
        StringBuilder s = new StringBuilder("set -euo pipefail\n");
        for (String block : blocks) {
            for (String line : block.split("\n", -1)) {
                if (line.startsWith("java -jar ")) {
                    continue;
                }
                s.append(line.replace("localhost:8080", "localhost:" + port)
                        .replace("change-me-now", KlaxonTest.ADMIN_TOKEN)
                        .replace("alice@example.com", "alice." + UUID.randomUUID() + "@example.com")).append('\n');
            }
        }
        return s.toString();
    }

    record Result(int exit, String output) {
    }

    static Result bash(String script) throws IOException, InterruptedException {
        for (String tool : List.of("bash", "curl", "jq", "openssl")) {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            if (p.waitFor() != 0) {
                fail(tool + " is needed to run README's snippets (.ci/run installs jq when it is missing)");
            }
        }
        Path file = Files.createTempFile("klaxon-first-steps", ".sh");
        Path out = Files.createTempFile("klaxon-first-steps", ".out");
        try {
            Files.writeString(file, script);
            Process p = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("README's First steps did not finish within 120 s:\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(out);
        }
    }

    /** The management port once health and metrics live there, the public one before. */
    static int metricsPort() {
        var config = ConfigProvider.getConfig();
        boolean management = config.getOptionalValue("quarkus.management.enabled", Boolean.class).orElse(false);
        return management ? URI.create(config.getValue("test.management.url", String.class)).getPort() : RestAssured.port;
    }
}
