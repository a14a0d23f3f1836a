package dev.klaxon.alert;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupSnapshotTest {

    private static final Map<String, String> A = Map.of("fa", "node-a");
    private static final Map<String, String> AB = Map.of("fa", "node-a", "fb", "node-b");

    @Test
    void firstDeliveryMakesEveryFiringMemberJoin() {
        GroupSnapshot.Change c = GroupSnapshot.of(AB, Map.of(), true).against(Map.of(), 1000);
        assertEquals(AB, c.joined());
        assertTrue(c.left().isEmpty());
        assertEquals(AB, c.members());
    }

    @Test
    void aRepeatedDeliveryChangesNothing() {
        GroupSnapshot.Change c = GroupSnapshot.of(AB, Map.of(), true).against(AB, 1000);
        assertTrue(c.isEmpty());
        assertEquals(AB, c.members());
    }

    @Test
    void aNewFingerprintJoins() {
        GroupSnapshot.Change c = GroupSnapshot.of(AB, Map.of(), true).against(A, 1000);
        assertEquals(Map.of("fb", "node-b"), c.joined());
        assertTrue(c.left().isEmpty());
    }

    @Test
    void aMemberReportedResolvedLeaves() {
        GroupSnapshot.Change c = GroupSnapshot.of(Map.of("fb", "node-b"), Map.of("fa", "node-a"), true).against(AB, 1000);
        assertEquals(Map.of("fa", "node-a"), c.left());
        assertEquals(Map.of("fb", "node-b"), c.members());
    }

    @Test
    void aMemberMissingFromACompleteListLeaves() {
        GroupSnapshot.Change c = GroupSnapshot.of(Map.of("fb", "node-b"), Map.of(), true).against(AB, 1000);
        assertEquals(Map.of("fa", "node-a"), c.left());
    }

    @Test
    void aMemberMissingFromATruncatedListStays() {
        GroupSnapshot.Change c = GroupSnapshot.of(Map.of("fb", "node-b"), Map.of(), false).against(AB, 1000);
        assertTrue(c.isEmpty());
        assertEquals(AB, c.members());
    }

    @Test
    void aResolvedMemberNeverSeenIsNotNews() {
        GroupSnapshot.Change c = GroupSnapshot.of(A, Map.of("fz", "node-z"), true).against(A, 1000);
        assertTrue(c.isEmpty());
    }

    @Test
    void rememberedMembersAreCapped() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("f" + i, "node-" + i);
        }
        GroupSnapshot.Change c = GroupSnapshot.of(many, Map.of(), true).against(Map.of(), 10);
        assertEquals(50, c.joined().size(), "every join is reported");
        assertEquals(10, c.members().size(), "but only so many are remembered");
    }

    @Test
    void namesAreSpelledOutUpToALimit() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 13; i++) {
            many.put("f" + i, "n" + i);
        }
        assertEquals("n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, and 3 more", AlertGroups.names(many));
    }
}
