/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "uses" table of docs/architecture.md as a build rule: each package may use only the packages the table
 * names (along the data's path, never upward), nothing in the hub depends on the commands, the demo or the
 * benchmark, and no two packages depend on each other in a cycle. Change the table and this test together.
 */
class ArchitectureRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.onceonly");
    }

    @Test
    void eachPackageUsesOnlyThePackagesTheArchitectureTableNames() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("identity").definedBy("org.onceonly.identity..")
                .layer("config").definedBy("org.onceonly.config..")
                .layer("schema").definedBy("org.onceonly.schema..")
                .layer("source").definedBy("org.onceonly.source..")
                .layer("route").definedBy("org.onceonly.route..")
                .layer("pool").definedBy("org.onceonly.pool..")
                .layer("access").definedBy("org.onceonly.access..")
                .layer("api").definedBy("org.onceonly.api..")
                .layer("publish").definedBy("org.onceonly.publish..")
                .layer("hub").definedBy("org.onceonly.hub..")
                .layer("demo").definedBy("org.onceonly.demo..")
                .layer("bench").definedBy("org.onceonly.bench..")
                .layer("cli").definedBy("org.onceonly.cli..")
                .whereLayer("identity").mayNotAccessAnyLayer()
                .whereLayer("config").mayNotAccessAnyLayer()
                .whereLayer("schema").mayOnlyAccessLayers("identity")
                .whereLayer("source").mayOnlyAccessLayers("schema", "config", "identity")
                .whereLayer("route").mayOnlyAccessLayers("source", "schema", "identity")
                .whereLayer("pool").mayOnlyAccessLayers("schema", "identity")
                .whereLayer("access").mayOnlyAccessLayers("pool", "schema", "identity", "config")
                .whereLayer("api").mayOnlyAccessLayers("access", "pool", "source", "schema", "identity")
                .whereLayer("publish").mayOnlyAccessLayers("pool", "schema", "identity")
                .whereLayer("hub").mayOnlyAccessLayers("api", "access", "pool", "publish", "route", "source", "schema",
                        "config", "identity")
                .whereLayer("demo").mayOnlyAccessLayers("hub", "access", "pool", "source", "schema", "config", "identity")
                .whereLayer("bench").mayOnlyAccessLayers("hub", "demo", "api", "access", "pool", "publish", "route",
                        "source", "schema", "config", "identity");
        rule.check(classes);
    }

    @Test
    void nothingInTheHubDependsOnTheCommandsTheDemoOrTheBenchmark() {
        noClasses().that().resideInAnyPackage("org.onceonly.identity..", "org.onceonly.config..", "org.onceonly.schema..",
                        "org.onceonly.source..", "org.onceonly.route..", "org.onceonly.pool..", "org.onceonly.access..",
                        "org.onceonly.api..", "org.onceonly.publish..", "org.onceonly.hub..")
                .should().dependOnClassesThat().resideInAnyPackage("org.onceonly.cli..", "org.onceonly.demo..",
                        "org.onceonly.bench..")
                .check(classes);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("org.onceonly.(**)").should().beFreeOfCycles().check(classes);
    }
}
