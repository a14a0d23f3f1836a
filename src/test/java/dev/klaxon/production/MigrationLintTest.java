package dev.klaxon.production;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** LESSONS.md 2: a migration must not break the release that is still running while it is deployed. */
class MigrationLintTest {

    @Test
    void migrationsAddedSinceThePreviousReleaseAreSafeForIt() throws IOException {
        String commit = PreviousRelease.commit();
        var missing = PreviousRelease.unavailable(commit);
        assumeTrue(missing.isEmpty(), () -> missing.get());
        List<String> problems = MigrationCheck.check(Path.of(PreviousRelease.MIGRATIONS),
                PreviousRelease.migrations(commit), name -> showAtPrevious(commit, name));
        assertEquals(List.of(), problems, "migrations that would break the previous release (" + commit + ")");
    }

    @Test
    void aPlantedColumnRenameIsRejected(@TempDir Path dir) throws IOException {
        String commit = PreviousRelease.commit();
        var missing = PreviousRelease.unavailable(commit);
        assumeTrue(missing.isEmpty(), () -> missing.get());
        try (Stream<Path> s = Files.list(Path.of(PreviousRelease.MIGRATIONS))) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("V9999__rename_address.sql"),
                "-- planted: the previous release still reads contact_method.address\n"
                        + "ALTER TABLE contact_method RENAME COLUMN address TO destination;\n");
        List<String> problems = MigrationCheck.check(dir, PreviousRelease.migrations(commit),
                name -> showAtPrevious(commit, name));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("V9999__rename_address.sql:2 [rename]"), problems.get(0));
    }

    @Test
    void changingAShippedMigrationIsRejected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V1__schema.sql"), "CREATE TABLE t (id int);\n");
        List<String> problems = MigrationCheck.check(dir, Set.of("V1__schema.sql", "V2__gone.sql"),
                name -> "CREATE TABLE t (id bigint);\n");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("[changed]"));
        assertTrue(problems.get(1).contains("[removed]"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            rename      | ALTER TABLE contact_method RENAME COLUMN address TO destination
            rename      | ALTER TABLE outbox RENAME TO outgoing
            drop        | DROP TABLE team
            drop        | ALTER TABLE alert DROP COLUMN source
            drop        | alter table if exists alert drop source
            type-change | ALTER TABLE alert ALTER COLUMN summary TYPE varchar(100)
            type-change | ALTER TABLE team ALTER name SET DATA TYPE text
            not-null    | ALTER TABLE team ADD COLUMN slug text NOT NULL
            not-null    | ALTER TABLE team ADD COLUMN slug text DEFAULT 'x', ADD COLUMN b int NOT NULL
            not-null    | ALTER TABLE team ALTER COLUMN name SET NOT NULL
            lock        | CREATE INDEX outbox_x ON outbox (channel)
            lock        | CREATE UNIQUE INDEX alert_x ON public.alert (number)
            lock        | ALTER TABLE outbox ADD CONSTRAINT fk FOREIGN KEY (alert_id) REFERENCES alert (id)
            lock        | ALTER TABLE alert ADD CONSTRAINT u UNIQUE (number)
            lock        | ALTER TABLE alert ADD COLUMN seen_at timestamptz DEFAULT now()
            lock        | LOCK TABLE outbox IN ACCESS EXCLUSIVE MODE
            """)
    void breakingStatementsAreRejected(String rule, String sql) {
        var v = MigrationLint.lint("V99__x.sql", sql + ";");
        assertEquals(1, v.size(), v.toString());
        assertEquals(rule, v.get(0).rule());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            CREATE TABLE incident (id uuid PRIMARY KEY, title text NOT NULL)
            ALTER TABLE alert ADD COLUMN seen_at timestamptz
            ALTER TABLE alert ADD COLUMN priority int NOT NULL DEFAULT 0
            ALTER TABLE team ADD COLUMN slug text DEFAULT 'x' NOT NULL
            CREATE INDEX CONCURRENTLY outbox_x ON outbox (channel)
            CREATE INDEX incident_x ON incident (title)
            ALTER TABLE outbox ADD CONSTRAINT fk FOREIGN KEY (alert_id) REFERENCES alert (id) NOT VALID
            ALTER TABLE outbox VALIDATE CONSTRAINT fk
            ALTER TABLE alert ALTER COLUMN summary DROP NOT NULL
            ALTER TABLE alert ALTER COLUMN summary DROP DEFAULT
            ALTER TABLE alert DROP CONSTRAINT alert_summary_check
            UPDATE alert SET summary = 'renamed' WHERE summary = 'DROP TABLE alert'
            """)
    void expandStepsPass(String sql) {
        assertEquals(List.of(), MigrationLint.lint("V99__x.sql", sql + ";"));
    }

    @Test
    void anAllowMarkerLetsOneStatementThroughOnPurpose() {
        String sql = """
                -- lint: allow drop contract step: no release since 0.3 reads team.legacy
                ALTER TABLE team DROP COLUMN legacy;
                ALTER TABLE team DROP COLUMN other;
                """;
        var v = MigrationLint.lint("V99__x.sql", sql);
        assertEquals(1, v.size(), v.toString());
        assertEquals(3, v.get(0).line());
    }

    private static String showAtPrevious(String commit, String name) {
        try {
            return PreviousRelease.show(commit, PreviousRelease.MIGRATIONS + "/" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
