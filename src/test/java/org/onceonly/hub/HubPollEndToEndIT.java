/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.schema.Operation;
import org.onceonly.source.SourceState;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.ResidentRoutes;
import org.onceonly.testkit.ResidentsTable;
import org.onceonly.testkit.TestDepartment;

/**
 * A department table with no change log to read, polled over plain JDBC by a role that may only SELECT:
 * a copy of the household register with an update time ({@code gxsj}) and a deleted flag ({@code scbz}),
 * through its own route into the same pool and API as the Debezium-captured table.
 */
class HubPollEndToEndIT {
    private static final int RESIDENTS = 30;
    private static final String SOURCE = "public-security-hukou-poll";
    private static final String POLLED = "hukou.residents_view";

    @Department(residents = RESIDENTS)
    static TestDepartment department;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static ApiClient api;

    @BeforeAll
    static void start() throws IOException {
        department.execute("""
                CREATE TABLE hukou.residents_view (
                    id   bigint PRIMARY KEY,
                    sfzh varchar(18) NOT NULL UNIQUE,
                    xm   varchar(50) NOT NULL,
                    xb   char(1) NOT NULL,
                    mz   char(2),
                    csrq char(8) NOT NULL,
                    hjdz varchar(200),
                    gxsj timestamp NOT NULL DEFAULT now(),
                    scbz char(1) NOT NULL DEFAULT '0')""");
        department.execute("CREATE INDEX residents_view_poll ON hukou.residents_view (gxsj, id)");
        department.execute("INSERT INTO hukou.residents_view (id, sfzh, xm, xb, mz, csrq, hjdz, gxsj) "
                + "SELECT id, sfzh, xm, xb, mz, csrq, hjdz, gxsj FROM hukou.residents");
        department.execute("GRANT SELECT ON hukou.residents_view TO onceonly_cdc");

        Path connectors = Files.createDirectories(department.directory().resolve("poll-connectors"));
        Files.writeString(connectors.resolve(SOURCE + ".yaml"), """
                id: %s
                department: public-security
                owner: hukou-dba@ps.test
                kind: jdbc-poll
                jdbcUrl: %s
                user: onceonly_cdc
                password: ${file:%s}
                tables:
                  - name: hukou.residents_view
                    columns: [id, sfzh, xm, xb, mz, csrq, hjdz]
                    key: [id]
                    watermark: gxsj
                    softDelete: {column: scbz, deletedValue: "1"}
                poll: {intervalMs: 200, batchSize: 7}
                """.formatted(SOURCE, department.jdbcUrl(), department.captureSecret().toAbsolutePath()));
        Path routes = ResidentRoutes.toPerson(department.directory().resolve("poll-routes"),
                "public-security-hukou-poll-residents-view-to-person", SOURCE, "hukou.residents_view");

        hub.start(config -> config.with(HubSettings.CONNECTORS, connectors).with(HubSettings.ROUTES, routes));
        api = hub.api();
    }

    @Test
    void insertUpdateAndSoftDeleteInAPolledTableReachThePoolApi() {
        Patience.await().untilAsserted(() -> assertPool(hub.pool()).equalsDepartment(ResidentsTable.of(department::connect, POLLED)));
        assertThat(hub.hub().sourceStatus(SOURCE).state()).isEqualTo(SourceState.STREAMING);

        String inserted = IdentityNumbers.valid("110105", "19880512", 321);
        department.execute("INSERT INTO hukou.residents_view (id, sfzh, xm, xb, mz, csrq, hjdz, gxsj) VALUES (?, ?, ?, ?, ?, ?, ?, now())",
                20_001L, inserted, "轮询甲", "1", "01", "19880512", "北京市西城区轮询路1号");
        JsonNode fields = awaitPerson(inserted).get("fields");
        assertThat(fields.get("name").get("value").asText()).isEqualTo("轮询甲");
        assertThat(fields.get("birthDate").get("value").asText()).isEqualTo("1988-05-12");
        assertThat(fields.get("registeredAddress").get("source").asText()).isEqualTo(SOURCE);
        assertThat(fields.get("registeredAddress").get("position").asText()).startsWith("poll:");

        String moved = department.identityNumberOf(2);
        department.execute("UPDATE hukou.residents_view SET hjdz = ?, gxsj = now() WHERE id = ?", "上海市黄浦区轮询路8号", 2L);
        Patience.await().until(() -> "上海市黄浦区轮询路8号".equals(
                api.get("/v1/subjects/" + moved + "/person").body().path("fields").path("registeredAddress").path("value").asText()));

        String deleted = department.identityNumberOf(3);
        department.execute("UPDATE hukou.residents_view SET scbz = '1', gxsj = now() WHERE id = ?", 3L);
        Patience.await().until(() -> api.get("/v1/subjects/" + deleted + "/person").status() == 404);
        assertThat(hub.pool().versions(SOURCE, Operation.DELETE)).isEqualTo(1);
    }

    private JsonNode awaitPerson(String identityNumber) {
        Patience.await().until(() -> api.get("/v1/subjects/" + identityNumber + "/person").status() == 200);
        return api.get("/v1/subjects/" + identityNumber + "/person").body();
    }
}
