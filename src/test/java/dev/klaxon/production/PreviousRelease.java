package dev.klaxon.production;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The previous release, as named in {@code .ci/previous-release} (a commit), and what git knows about it. Works in
 * any clone that has that commit; a shallow clone without it gets a message saying how to fetch it.
 */
public final class PreviousRelease {

    public static final Path FILE = Path.of(".ci", "previous-release");
    public static final String MIGRATIONS = "src/main/resources/db/migration";

    private PreviousRelease() {
    }

    /** The commit named in {@code .ci/previous-release}. */
    public static String commit() throws IOException {
        return Files.readAllLines(FILE).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .orElseThrow(() -> new IllegalStateException(FILE + " names no commit"));
    }

    /** Empty when the commit is in this clone's history; else why not, and what to do. */
    public static Optional<String> unavailable(String commit) {
        try {
            Result r = git("cat-file", "-e", commit + "^{commit}");
            if (r.code == 0) {
                return Optional.empty();
            }
            Result shallow = git("rev-parse", "--is-shallow-repository");
            return Optional.of("the previous release " + commit + " (" + FILE + ") is not in this clone's history"
                    + ("true".equals(shallow.out.strip()) ? " — it is a shallow clone: fetch the full history "
                    + "(git fetch --unshallow, or actions/checkout with fetch-depth: 0)" : ""));
        } catch (IOException e) {
            return Optional.of("git is not available (" + e.getMessage() + "), so the previous release cannot be read");
        }
    }

    /** Names of the migration files the previous release shipped. */
    public static Set<String> migrations(String commit) throws IOException {
        Result r = git("ls-tree", "--name-only", commit, MIGRATIONS + "/");
        if (r.code != 0) {
            throw new IOException("git ls-tree failed: " + r.out);
        }
        Set<String> names = new TreeSet<>();
        r.out.lines().map(l -> l.substring(l.lastIndexOf('/') + 1)).filter(n -> n.endsWith(".sql")).forEach(names::add);
        return names;
    }

    /** A file's content at the previous release. */
    public static String show(String commit, String path) throws IOException {
        Result r = git("show", commit + ":" + path);
        if (r.code != 0) {
            throw new IOException("git show failed: " + r.out);
        }
        return r.out;
    }

    record Result(int code, String out) {
    }

    static Result git(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("git " + String.join(" ", args) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
