package dev.klaxon.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Holds the package order of docs/architecture.md on the compiled main classes: packages depend one way, bottom to
 * top, and packages on one level do not depend on each other. A lower package that must tell a higher one something
 * defines an interface or publishes an event (see {@code directory.ContactMessages}). Plain JUnit: no Quarkus.
 */
class PackageOrderTest {

    /** Bottom to top; a package may use the packages on levels below its own, never above or beside it. */
    static final List<List<String>> LEVELS = List.of(
            List.of("platform"),
            List.of("directory"),
            List.of("auth"),
            List.of("schedule"),
            List.of("escalation"),
            List.of("service"),
            List.of("alert"),
            List.of("ingest", "check"),
            List.of("notify"),
            List.of("ack", "engine", "report"));

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("dev.klaxon");
    }

    @Test
    void noPackageCycles() {
        // every package on its own, sub-packages included: notify.render must not call back into notify either
        slices().matching("dev.klaxon.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void packagesOnlyUseLowerLevels() {
        for (int level = 0; level < LEVELS.size(); level++) {
            for (String pkg : LEVELS.get(level)) {
                List<String> forbidden = new ArrayList<>();
                for (int other = level; other < LEVELS.size(); other++) {
                    for (String p : LEVELS.get(other)) {
                        if (!p.equals(pkg)) {
                            forbidden.add("dev.klaxon." + p + "..");
                        }
                    }
                }
                if (forbidden.isEmpty()) {
                    continue;
                }
                ArchRule rule = noClasses().that().resideInAPackage("dev.klaxon." + pkg + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                        .because("docs/architecture.md: " + pkg + " sits below or beside " + forbidden);
                rule.check(classes);
            }
        }
    }

    /** The rules with many cases are plain Java, so their table tests run without Quarkus or a database. */
    @Test
    void pureRulesUseNoFramework() {
        noClasses().that().haveFullyQualifiedName("dev.klaxon.escalation.EscalationPlan")
                .or().haveFullyQualifiedName("dev.klaxon.alert.AlertTransitions")
                .or().haveFullyQualifiedName("dev.klaxon.alert.AlertState")
                .or().haveFullyQualifiedName("dev.klaxon.notify.ThrottlePlan")
                .or().haveFullyQualifiedName("dev.klaxon.notify.PageLimiter")
                .or().haveFullyQualifiedName("dev.klaxon.schedule.OnCallCalculator")
                .or().haveFullyQualifiedName("dev.klaxon.schedule.CompiledLayer")
                .or().haveFullyQualifiedName("dev.klaxon.notify.render.PageText")
                .or().haveFullyQualifiedName("dev.klaxon.notify.render.BundleText")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "io.quarkus..", "org.hibernate..")
                .because("docs/architecture.md: rules are pure; services load, call and store")
                .check(classes);
    }

    @Test
    void everyPackageHasAPlaceInTheOrder() {
        Set<String> placed = new TreeSet<>();
        LEVELS.forEach(placed::addAll);
        Set<String> found = new TreeSet<>();
        for (JavaClass c : classes) {
            String rest = c.getPackageName().substring("dev.klaxon".length());
            found.add(rest.isEmpty() ? "(dev.klaxon itself)" : rest.substring(1).split("\\.")[0]);
        }
        assertEquals(placed, found, "add a new top-level package to LEVELS and to docs/architecture.md");
    }
}
