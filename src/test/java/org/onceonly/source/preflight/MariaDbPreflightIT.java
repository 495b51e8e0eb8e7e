/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.PreflightReport;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceDefinitionLoader;
import org.onceonly.source.preflight.Preflight;
import org.onceonly.testkit.BinlogDepartment;
import org.onceonly.testkit.TestMariaDb;

/** Preflight of a MariaDB source against a real, test-owned MariaDB with the binlog on. */
class MariaDbPreflightIT {
    @TempDir
    static Path directory;
    static TestMariaDb mariaDb;
    static BinlogDepartment department;
    static SourceDefinition source;

    @BeforeAll
    static void start() {
        if (!TestMariaDb.installed()) {
            return; // each test then skips (or fails under ONCEONLY_REQUIRE_SERVERS), naming the package
        }
        mariaDb = TestMariaDb.start();
        department = mariaDb.householdRegister(directory, 5);
        source = SourceDefinitionLoader.loadAll(department.connectors()).values().iterator().next();
    }

    @BeforeEach
    void requireMariaDb() {
        TestMariaDb.requireInstalled();
    }

    @AfterAll
    static void stop() {
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @Test
    void theDocumentedSetupPassesEveryCheck() {
        PreflightReport report = Preflight.check(source);

        assertThat(report.items(PreflightItem.Status.FAIL)).isEmpty();
        assertThat(report.items()).extracting(PreflightItem::name)
                .contains("log_bin = ON", "binlog_format = ROW", "binlog_row_image = FULL", "SELECT on hukou.residents");
    }

    @Test
    void aUserWithoutReplicationPrivilegesGetsTheGrantToRun() throws Exception {
        mariaDb.executeAsRoot("CREATE USER 'reader_only'@'%' IDENTIFIED BY 'pw-reader'");
        mariaDb.executeAsRoot("GRANT SELECT ON hukou.residents TO 'reader_only'@'%'");
        SourceDefinition readerOnly = variant("reader_only", "pw-reader");

        PreflightItem grants = item(Preflight.check(readerOnly), "RELOAD, REPLICATION SLAVE, REPLICATION CLIENT for reader_only");

        assertThat(grants.status()).isEqualTo(PreflightItem.Status.FAIL);
        assertThat(grants.remedy()).isEqualTo("GRANT RELOAD, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'reader_only'@'%';");
    }

    @Test
    void aTableTheUserMayNotReadGetsTheSelectGrant() throws Exception {
        mariaDb.executeAsRoot("CREATE USER 'no_select'@'%' IDENTIFIED BY 'pw-nosel'");
        mariaDb.executeAsRoot("GRANT RELOAD, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'no_select'@'%'");
        mariaDb.executeAsRoot("CREATE TABLE hukou.other_table (id BIGINT PRIMARY KEY)");
        mariaDb.executeAsRoot("GRANT SELECT ON hukou.other_table TO 'no_select'@'%'");

        PreflightItem select = item(Preflight.check(variant("no_select", "pw-nosel")), "SELECT on hukou.residents");

        assertThat(select.status()).isEqualTo(PreflightItem.Status.FAIL);
        assertThat(select.remedy()).isEqualTo("GRANT SELECT ON `hukou`.`residents` TO 'no_select'@'%';");
    }

    @Test
    void minimalRowImagesFailWithTheSettingToChange() {
        mariaDb.executeAsRoot("SET GLOBAL binlog_row_image = 'MINIMAL'");
        try {
            PreflightItem image = item(Preflight.check(source), "binlog_row_image = FULL");

            assertThat(image.status()).isEqualTo(PreflightItem.Status.FAIL);
            assertThat(image.detail()).isEqualTo("binlog_row_image is MINIMAL");
            assertThat(image.remedy()).startsWith("SET GLOBAL binlog_row_image = 'FULL';");
        } finally {
            mariaDb.executeAsRoot("SET GLOBAL binlog_row_image = 'FULL'");
        }
    }

    @Test
    void aWrongPasswordFailsCredentialsAndSkipsTheRest() throws Exception {
        PreflightReport report = Preflight.check(variant("onceonly_cdc", "not-the-password"));

        assertThat(item(report, "credentials for onceonly_cdc").status()).isEqualTo(PreflightItem.Status.FAIL);
        assertThat(item(report, "log_bin = ON").status()).isEqualTo(PreflightItem.Status.SKIP);
    }

    private static PreflightItem item(PreflightReport report, String name) {
        return report.items().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + name + " in " + report.items()));
    }

    /** The same connector file with another account. */
    private static SourceDefinition variant(String user, String password) throws Exception {
        Path dir = Files.createDirectories(directory.resolve("variant-" + user + "-" + password.hashCode()));
        Path secret = Files.writeString(dir.resolve("password"), password);
        Path original = Files.list(department.connectors()).filter(p -> p.toString().endsWith(".yaml")).findFirst().orElseThrow();
        String text = Files.readString(original).replaceAll("(?m)^user: .*$", "user: " + user)
                .replaceAll("(?m)^password: .*$", "password: \\${file:" + secret.toAbsolutePath() + "}");
        return SourceDefinitionLoader.load(Files.writeString(dir.resolve(original.getFileName()), text));
    }
}
