package dev.klaxon.docs;

import dev.klaxon.alert.TimelineKind;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The timeline table of docs/api.md lists exactly the kinds of {@link TimelineKind}, by their API strings. */
class TimelineKindDocsTest {

    @Test
    void theDocsListEveryTimelineKindAndNoOther() {
        Set<String> code = Arrays.stream(TimelineKind.values()).map(TimelineKind::wire)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> docs = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|").matcher(Docs.section(Docs.read("docs/api.md"), "## Timeline"));
        while (m.find()) {
            docs.add(m.group(1));
        }
        assertEquals(code, docs, "docs/api.md's timeline table against alert/TimelineKind");
    }
}
