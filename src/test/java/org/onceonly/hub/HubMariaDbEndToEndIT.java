/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.schema.Operation;
import org.onceonly.source.SourceState;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.BinlogDepartment;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestMariaDb;

/**
 * A MariaDB department database (a test-owned server from the machine's binaries) captured from its binary
 * log by Debezium's MariaDB connector, through a route into the real pool and API.
 */
class HubMariaDbEndToEndIT {
    private static final int RESIDENTS = 40;
    private static final String SNAPSHOT_POSITION = "bin:\\d{10}:\\d{19}";
    private static final String STREAMED_POSITION = SNAPSHOT_POSITION + ":\\d{10}";

    @TempDir
    static Path directory;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static TestMariaDb mariaDb;
    static BinlogDepartment department;
    static ApiClient api;

    @BeforeAll
    static void start() {
        if (!TestMariaDb.installed()) {
            return; // each test then skips (or fails under ONCEONLY_REQUIRE_SERVERS), naming the package
        }
        mariaDb = TestMariaDb.start();
        department = mariaDb.householdRegister(directory, RESIDENTS);
        hub.start(config -> config.with(HubSettings.CONNECTORS, department.connectors()).with(HubSettings.ROUTES, department.routes()));
        api = hub.api();
        Patience.await().until(() -> hub.pool().count("Person") >= RESIDENTS);
    }

    @BeforeEach
    void requireMariaDb() {
        TestMariaDb.requireInstalled();
    }

    @AfterAll
    static void stop() {
        hub.stop(); // before its department goes
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @Test
    void initialSnapshotBringsEverySeededResidentIntoThePoolAtTheSnapshotsBinlogPosition() {
        assertThat(hub.pool().values("Person", "registeredAddress")).containsAllEntriesOf(department.addressesByIdentityNumber());
        JsonNode address = awaitPerson(department.identityNumberOf(1)).get("fields").get("registeredAddress");
        assertThat(address.get("source").asText()).isEqualTo(department.sourceId());
        assertThat(address.get("position").asText()).matches(SNAPSHOT_POSITION);
    }

    @Test
    void insertedResidentIsServedWithABinlogPosition() {
        String id = IdentityNumbers.valid("110105", "19880512", 223);
        department.insertResident(10_001L, id, "二进制甲", "1", "19880512", "北京市朝阳区日志路1号");

        JsonNode fields = awaitPerson(id).get("fields");

        assertThat(fields.get("name").get("value").asText()).isEqualTo("二进制甲");
        assertThat(fields.get("birthDate").get("value").asText()).isEqualTo("1988-05-12");
        assertThat(fields.get("registeredAddress").get("department").asText()).isEqualTo("public-security");
        assertThat(fields.get("registeredAddress").get("position").asText()).matches(STREAMED_POSITION);
        assertThat(hub.hub().sourceStatus(department.sourceId()).state()).isEqualTo(SourceState.STREAMING);
    }

    @Test
    void updateInDepartmentMovesTheValueToALaterPosition() {
        String id = department.identityNumberOf(2);
        String before = awaitPerson(id).get("fields").get("registeredAddress").get("position").asText();

        department.moveResident(2L, "上海市徐汇区日志路8号");

        Patience.await().untilAsserted(() -> {
            JsonNode address = api.get("/v1/subjects/" + id + "/person").body().get("fields").get("registeredAddress");
            assertThat(address.get("value").asText()).isEqualTo("上海市徐汇区日志路8号");
            assertThat(address.get("position").asText()).isGreaterThan(before);
        });
    }

    @Test
    void deleteInDepartmentRemovesTheSubjectsRecord() {
        String id = department.identityNumberOf(3);
        awaitPerson(id);

        department.deleteResident(3L);

        Patience.await().until(() -> api.get("/v1/subjects/" + id + "/person").status() == 404);
        assertThat(hub.pool().versions(department.sourceId(), Operation.DELETE)).isEqualTo(1);
    }

    @Test
    void changesArriveUnderTheDatabaseDotTableNameTheRouteUses() {
        department.moveResident(4L, "广州市天河区日志路4号");

        Patience.await().until(() -> "广州市天河区日志路4号".equals(hub.pool().values("Person", "registeredAddress")
                .get(department.identityNumberOf(4))));
        assertPool(hub.pool()).quarantinedNothing();
    }

    @Test
    void schemaHistoryIsKeptInThePoolDatabase() {
        // Debezium's JDBC schema history, in a table of the pool database.
        long schemaHistoryRows = Long.parseLong(hub.poolDatabase().database().query(
                "SELECT count(*) FROM onceonly_public_security_hukou_mariadb_schema_history"));

        assertThat(schemaHistoryRows).isPositive();
    }

    private JsonNode awaitPerson(String identityNumber) {
        Patience.await().until(() -> api.get("/v1/subjects/" + identityNumber + "/person").status() == 200);
        return api.get("/v1/subjects/" + identityNumber + "/person").body();
    }
}
