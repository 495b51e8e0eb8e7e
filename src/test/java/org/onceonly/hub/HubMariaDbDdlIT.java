/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.source.SourceState;
import org.onceonly.source.SourceStatus;
import org.onceonly.testkit.BinlogDepartment;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestMariaDb;

/**
 * Schema changes a DBA runs at a MariaDB source, among them statements MariaDB 10.11 accepts and Debezium
 * 3.5's DDL parser refuses (issue 17: the demo's own {@code CREATE DATABASE ... COMMENT} stopped the housing
 * fund for good), a column added to a captured table ({@code ADD COLUMN IF NOT EXISTS}, which 3.5 does parse)
 * and a table the source does not capture. Capture goes on past each, and again after a restart; the refused
 * ones are counted and shown on the source's status.
 */
class HubMariaDbDdlIT {
    @TempDir
    static Path directory;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static TestMariaDb mariaDb;
    static BinlogDepartment department;

    @BeforeAll
    static void start() {
        if (!TestMariaDb.installed()) {
            return; // each test then skips (or fails under ONCEONLY_REQUIRE_SERVERS)
        }
        mariaDb = TestMariaDb.start();
        department = mariaDb.householdRegister(directory, 10);
        hub.start(config -> config.with(HubSettings.CONNECTORS, department.connectors()).with(HubSettings.ROUTES, department.routes()));
        Patience.await().until(() -> hub.pool().count("Person") >= 10);
    }

    @BeforeEach
    void requireMariaDb() {
        TestMariaDb.requireInstalled();
    }

    @AfterAll
    static void stop() {
        hub.stop();
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @Test
    void ddlTheParserRefusesIsSkippedCountedShownAndCaptureGoesOnAcrossARestart() {
        mariaDb.executeAsRoot("CREATE DATABASE IF NOT EXISTS gjj CHARACTER SET utf8mb4 COMMENT '住房公积金管理中心'");
        mariaDb.executeAsRoot("ALTER TABLE hukou.residents ADD COLUMN IF NOT EXISTS bz VARCHAR(20) COMMENT '备注'");
        mariaDb.executeAsRoot("CREATE TABLE hukou.uncaptured (id BIGINT PRIMARY KEY) COMMENT '不采集'");
        insertAndAwait(101, "北京市东城区变更路1号");

        SourceStatus status = hub.hub().sourceStatus(department.sourceId());
        assertThat(status.skippedDdl()).isGreaterThanOrEqualTo(1);
        assertThat(status.lastSkippedDdl()).contains("COMMENT");
        assertThat(status.state()).isEqualTo(SourceState.STREAMING);

        hub.restart();
        insertAndAwait(102, "北京市东城区变更路2号");
        mariaDb.executeAsRoot("UPDATE hukou.residents SET bz = '已核' WHERE id = 20101");
        department.moveResident(20_101L, "北京市东城区变更路3号");

        Patience.await().until(() -> "北京市东城区变更路3号".equals(hub.pool().values("Person", "registeredAddress")
                .get(IdentityNumbers.valid("110101", "19900101", 101))));
        assertThat(hub.hub().sourceStatus(department.sourceId()).state()).isEqualTo(SourceState.STREAMING);
    }

    private static void insertAndAwait(int sequence, String address) {
        String id = IdentityNumbers.valid("110101", "19900101", sequence);
        department.insertResident(20_000L + sequence, id, "变更" + sequence, "1", "19900101", address);
        Patience.await().until(() -> address.equals(hub.pool().values("Person", "registeredAddress").get(id)));
    }
}
