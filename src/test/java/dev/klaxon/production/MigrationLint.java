package dev.klaxon.production;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules a migration must follow so that the previous release keeps working while (and after) it runs — the "expand"
 * half of expand/migrate/contract (README, "Schema changes"). Pure: SQL text in, violations out. A statement may be
 * let through on purpose with a comment on the line before it: {@code -- lint: allow <rule> <why>}, e.g. a column
 * dropped in the contract step once no release reads it.
 */
public final class MigrationLint {

    /** Tables written on every page or alert: a long lock on them stops paging. */
    public static final Set<String> HOT_TABLES = Set.of("alert", "alert_log", "alert_group", "outbox",
            "heartbeat_state", "integration", "contact_method", "notification_rule", "app_user", "service",
            "escalation_policy", "schedule", "schedule_override", "audit_log", "api_token");

    /** One rule a statement broke. */
    public record Violation(String file, int line, String rule, String message) {
        @Override
        public String toString() {
            return file + ":" + line + " [" + rule + "] " + message;
        }
    }

    private record Rule(String name, Pattern pattern, boolean hotOnly, String message) {
    }

    private static final int F = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final String TABLE = "(?:ONLY\\s+)?(?:IF\\s+EXISTS\\s+)?\"?(?:public\\.)?\"?([a-z_][a-z0-9_]*)\"?";

    private static final List<Rule> RULES = List.of(
            new Rule("drop", Pattern.compile("^DROP\\s+(TABLE|VIEW|INDEX|TYPE|SEQUENCE)\\b", F), false,
                    "drops a %s the previous release may still use; drop it in a later release (contract) once no release reads it"),
            new Rule("drop", Pattern.compile("^ALTER\\s+TABLE\\s+" + TABLE + ".*\\bDROP\\s+(?:COLUMN\\s+)?(?!CONSTRAINT|DEFAULT|NOT\\s+NULL)", F), false,
                    "drops a column of %s the previous release still reads or writes; stop using it first, drop it a release later"),
            new Rule("rename", Pattern.compile("^ALTER\\s+(?:TABLE|VIEW|INDEX|SEQUENCE)\\s+" + TABLE + ".*\\bRENAME\\b", F), false,
                    "renames (part of) %s: the previous release still uses the old name; add the new column, copy, switch reads, drop later"),
            new Rule("type-change", Pattern.compile("^ALTER\\s+TABLE\\s+" + TABLE + ".*\\bALTER\\s+(?:COLUMN\\s+)?\\S+\\s+(?:SET\\s+DATA\\s+)?TYPE\\b", F), false,
                    "changes a column type of %s: the previous release reads and writes the old type (and the table is rewritten under lock)"),
            new Rule("not-null", Pattern.compile("^ALTER\\s+TABLE\\s+" + TABLE + ".*\\bADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?\\S+\\s+(?![^,]*\\bDEFAULT\\b)[^,]*\\bNOT\\s+NULL\\b", F), false,
                    "adds a NOT NULL column without a default to %s: the previous release's inserts do not set it and fail"),
            new Rule("not-null", Pattern.compile("^ALTER\\s+TABLE\\s+" + TABLE + ".*\\bSET\\s+NOT\\s+NULL\\b", F), false,
                    "makes a column of %s NOT NULL: the previous release may insert rows without it (and the check scans the table under lock)"),
            new Rule("lock", Pattern.compile("^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?!CONCURRENTLY)(?:IF\\s+NOT\\s+EXISTS\\s+)?\\S+\\s+ON\\s+" + TABLE, F), true,
                    "builds an index on the hot table %s without CONCURRENTLY: writes (pages) wait until it is built"),
            new Rule("lock", Pattern.compile("^ALTER\\s+TABLE\\s+" + TABLE + ".*\\bADD\\s+(?:CONSTRAINT\\s+\\S+\\s+)?(?:FOREIGN\\s+KEY|CHECK)\\b(?!.*\\bNOT\\s+VALID\\b)", F), true,
                    "adds a constraint to the hot table %s without NOT VALID: the whole table is checked under lock; add NOT VALID, VALIDATE later"),
            new Rule("lock", Pattern.compile("^ALTER\\s+TABLE\\s+" + TABLE + ".*\\bADD\\s+(?:CONSTRAINT\\s+\\S+\\s+)?(?:PRIMARY\\s+KEY|UNIQUE)\\s*\\(", F), true,
                    "adds a unique or primary key constraint to the hot table %s, building its index under lock; build the index CONCURRENTLY and add the constraint USING INDEX"),
            new Rule("lock", Pattern.compile("^ALTER\\s+TABLE\\s+" + TABLE + ".*\\bADD\\s+(?:COLUMN\\s+)?\\S+\\s+[^,]*\\bDEFAULT\\s+(?:now|clock_timestamp|random|gen_random_uuid|uuid_generate_v4)\\s*\\(", F), true,
                    "adds a column with a volatile default to the hot table %s: PostgreSQL rewrites the table under lock; add it without default, backfill in batches"),
            new Rule("lock", Pattern.compile("^(?:LOCK\\s+(?:TABLE\\s+)?|VACUUM\\s+FULL\\s+|CLUSTER\\s+|TRUNCATE\\s+(?:TABLE\\s+)?)" + TABLE, F), true,
                    "takes an exclusive lock on the hot table %s"));

    private MigrationLint() {
    }

    /** Lints one migration file's SQL; {@code file} is only for the messages. */
    public static List<Violation> lint(String file, String sql) {
        List<Violation> out = new ArrayList<>();
        for (Statement st : statements(sql)) {
            String flat = st.text.replaceAll("\\s+", " ").strip();
            for (Rule r : RULES) {
                Matcher m = r.pattern.matcher(flat);
                if (!m.find()) {
                    continue;
                }
                String subject = m.groupCount() >= 1 && m.group(1) != null ? m.group(1).toLowerCase(Locale.ROOT) : "";
                if (r.hotOnly && !HOT_TABLES.contains(subject)) {
                    continue;
                }
                if (st.allowed.contains(r.name)) {
                    continue;
                }
                out.add(new Violation(file, st.line, r.name, String.format(r.message, subject)));
            }
        }
        return out;
    }

    private record Statement(String text, int line, Set<String> allowed) {
    }

    /** Splits SQL into statements (outside quotes and dollar quotes), dropping comments but keeping allow markers. */
    static List<Statement> statements(String sql) {
        List<Statement> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        java.util.Set<String> allowed = new java.util.HashSet<>();
        Pattern allow = Pattern.compile("--\\s*lint:\\s*allow\\s+([a-z-]+)");
        int line = 1, startLine = 1;
        boolean empty = true;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                Matcher m = allow.matcher(sql.substring(i, end));
                if (m.find()) {
                    allowed.add(m.group(1));
                }
                i = end - 1;
                continue;
            }
            if (c == '\'' || (c == '$' && sql.startsWith("$$", i))) {
                String close = c == '\'' ? "'" : "$$";
                int end = sql.indexOf(close, i + close.length());
                end = end < 0 ? sql.length() : end + close.length();
                String quoted = sql.substring(i, end);
                line += (int) quoted.chars().filter(ch -> ch == '\n').count();
                cur.append(quoted);
                empty = false;
                i = end - 1;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            if (c == ';') {
                if (!empty) {
                    out.add(new Statement(cur.toString(), startLine, Set.copyOf(allowed)));
                }
                cur.setLength(0);
                allowed.clear();
                empty = true;
                continue;
            }
            if (empty && !Character.isWhitespace(c)) {
                empty = false;
                startLine = line;
            }
            cur.append(c);
        }
        if (!empty) {
            out.add(new Statement(cur.toString(), startLine, Set.copyOf(allowed)));
        }
        return out;
    }
}
