/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.BinlogDepartment;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestMySql;

/**
 * A MySQL department database captured by Debezium's MySQL connector, end to end, on the server
 * {@link TestMySql} finds: the one {@code ONCEONLY_MYSQL_URL} names, else a Testcontainers MySQL 8.4 where Docker
 * runs, else skipped (no MySQL server can be installed on the project's machines, and they run no Docker).
 *
 * <pre>
 * ONCEONLY_MYSQL_URL=jdbc:mysql://host:3306/somedb   # the test creates, and finally drops, somedb.onceonly_test_residents
 * ONCEONLY_MYSQL_USER=...       # CREATE, DROP, SELECT, INSERT, UPDATE, DELETE on somedb; RELOAD, REPLICATION SLAVE,
 * ONCEONLY_MYSQL_PASSWORD=...   # REPLICATION CLIENT on *.* (it is also the capture account)
 * </pre>
 *
 * A named server needs {@code log_bin}, {@code binlog_format=ROW}, {@code binlog_row_image=FULL} and a
 * {@code server_id} outside 5400–6399.
 */
class HubMySqlEndToEndIT {
    private static final int RESIDENTS = 20;

    @TempDir
    Path directory;
    @RegisterExtension
    final HubExtension hub = HubExtension.inProcess().startedByTest();
    ApiClient api;

    @Test
    void snapshotInsertUpdateAndDeleteInAMySqlTableReachThePoolApi() {
        try (TestMySql mySql = TestMySql.start(directory)) {
            BinlogDepartment department = mySql.householdRegister(directory, RESIDENTS);
            try {
                hub.start(config -> config.with(HubSettings.CONNECTORS, department.connectors()).with(HubSettings.ROUTES, department.routes()));
                api = hub.api();
                Patience.await().untilAsserted(() ->
                        assertThat(hub.pool().values("Person", "registeredAddress")).isEqualTo(department.addressesByIdentityNumber()));

                String inserted = IdentityNumbers.valid("310104", "19900704", 517);
                department.insertResident(30_001L, inserted, "日志乙", "2", "19900704", "上海市徐汇区日志路2号");
                JsonNode address = awaitPerson(inserted).get("fields").get("registeredAddress");
                assertThat(address.get("source").asText()).isEqualTo(department.sourceId());
                assertThat(address.get("position").asText()).matches("bin:\\d{10}:\\d{19}:\\d{10}");

                String moved = department.identityNumberOf(2);
                department.moveResident(2L, "杭州市西湖区日志路9号");
                Patience.await().until(() -> "杭州市西湖区日志路9号".equals(
                        api.get("/v1/subjects/" + moved + "/person").body().path("fields").path("registeredAddress").path("value").asText()));

                String deleted = department.identityNumberOf(3);
                department.deleteResident(3L);
                Patience.await().until(() -> api.get("/v1/subjects/" + deleted + "/person").status() == 404);
                assertPool(hub.pool()).quarantinedNothing();
            } finally {
                hub.stop();
                department.dropTable();
            }
        }
    }

    private JsonNode awaitPerson(String identityNumber) {
        Patience.await().until(() -> api.get("/v1/subjects/" + identityNumber + "/person").status() == 200);
        return api.get("/v1/subjects/" + identityNumber + "/person").body();
    }
}
