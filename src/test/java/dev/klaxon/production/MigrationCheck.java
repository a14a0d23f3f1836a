package dev.klaxon.production;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The migration half of "a schema change cannot break the running release": every migration the previous release
 * shipped is unchanged (Flyway refuses a changed checksum), and every migration added since passes
 * {@link MigrationLint}.
 */
public final class MigrationCheck {

    private MigrationCheck() {
    }

    /**
     * @param dir            the migrations as they are now
     * @param previous       file names the previous release shipped
     * @param previousContent content of one of those files at the previous release
     * @return every problem found, empty when the migrations are safe to deploy beside the previous release
     */
    public static List<String> check(Path dir, Set<String> previous, Function<String, String> previousContent)
            throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String sql = Files.readString(f);
            if (previous.contains(name)) {
                if (!sql.equals(previousContent.apply(name))) {
                    problems.add(name + " [changed] was shipped by the previous release and must not change "
                            + "(Flyway's checksum); add a new migration instead");
                }
            } else {
                MigrationLint.lint(name, sql).forEach(v -> problems.add(v.toString()));
            }
        }
        for (String gone : previous) {
            if (files.stream().noneMatch(f -> f.getFileName().toString().equals(gone))) {
                problems.add(gone + " [removed] was shipped by the previous release and must stay");
            }
        }
        return problems;
    }
}
