package dev.klaxon.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads README.md and docs/*.md the way the docs tests need them: sections, shell snippets, tables, names. */
final class Docs {

    /** A metric name as the docs write it: {@code klaxon_ingest_total}, or a family prefix such as {@code agroal_*}. */
    private static final Pattern METRIC = Pattern.compile(
            "`((?:klaxon|agroal|hibernate)_[a-z0-9_]*)(?:\\*|\\{[^`]*})?`");

    private Docs() {
    }

    /** A file of the repository, relative to its root (the directory Maven runs tests in). */
    static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md and every docs/*.md, concatenated. */
    static String all() {
        StringBuilder b = new StringBuilder(read("README.md"));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(f -> b.append('\n').append(read(f.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    /** From the line starting with {@code heading} to the next heading of the same level (exclusive). */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading);
        if (start < 0) {
            throw new AssertionError("no section " + heading);
        }
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = markdown.indexOf("\n" + level, start + 1);
        return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
    }

    /** The bodies of the {@code ```sh} blocks, in order. */
    static List<String> shellBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)```sh\\n(.*?)```").matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** Metric names the docs list; a family written {@code agroal_*} comes back as the prefix {@code agroal_}. */
    static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(all());
        while (m.find()) {
            String name = m.group(1);
            if (!name.matches("klaxon_(test|secret|bench)\\w*")) { // databases and tables, not metrics
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Micrometer meters that exist only after their first event (a confirmed delivery, a watchdog ping): those must
     * at least be created under that name in the main sources ({@code klaxon_delivery_confirmed_latency_seconds} is
     * {@code "klaxon.delivery.confirmed.latency"}).
     */
    static boolean registeredOnFirstUse(String name) {
        if (!name.startsWith("klaxon_")) {
            return false;
        }
        String dotted = "\"" + name.replaceAll("_(total|seconds)$", "").replace('_', '.') + "\"";
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> read(f.toString()).contains(dotted));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
