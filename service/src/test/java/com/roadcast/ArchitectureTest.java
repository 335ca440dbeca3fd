package com.roadcast;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package map of docs/ARCHITECTURE.md holds: features depend on each other in one direction only. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.roadcast");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("com.roadcast.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
