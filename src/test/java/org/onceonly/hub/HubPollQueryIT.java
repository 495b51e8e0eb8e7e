/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.onceonly.testkit.TestDepartment;

/**
 * A polled source whose connector gives its own query, a join across two department tables (people and
 * their registered addresses), instead of a table: inserts, updates in either table and soft deletes reach
 * the pool through the same route as a polled table would.
 */
class HubPollQueryIT {
    private static final String SOURCE = "public-security-hukou-joined";

    @Department(residents = 10)
    static TestDepartment department;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static ApiClient api;

    @BeforeAll
    static void start() throws IOException {
        department.execute("""
                CREATE TABLE hukou.people (
                    id   bigint PRIMARY KEY,
                    sfzh varchar(18) NOT NULL UNIQUE,
                    xm   varchar(50) NOT NULL,
                    xb   char(1) NOT NULL,
                    mz   char(2),
                    csrq char(8) NOT NULL,
                    gxsj timestamp NOT NULL DEFAULT now(),
                    scbz char(1) NOT NULL DEFAULT '0')""");
        department.execute("""
                CREATE TABLE hukou.addresses (
                    person_id bigint PRIMARY KEY REFERENCES hukou.people (id),
                    hjdz      varchar(200) NOT NULL,
                    gxsj      timestamp NOT NULL DEFAULT now())""");
        department.execute("INSERT INTO hukou.people (id, sfzh, xm, xb, mz, csrq, gxsj) "
                + "SELECT id, sfzh, xm, xb, mz, csrq, gxsj FROM hukou.residents");
        department.execute("INSERT INTO hukou.addresses (person_id, hjdz, gxsj) SELECT id, coalesce(hjdz, '-'), gxsj FROM hukou.residents");
        department.execute("GRANT SELECT ON hukou.people, hukou.addresses TO onceonly_cdc");

        Path connectors = Files.createDirectories(department.directory().resolve("query-connectors"));
        Files.writeString(connectors.resolve(SOURCE + ".yaml"), """
                id: %s
                department: public-security
                owner: hukou-dba@ps.test
                kind: jdbc-poll
                jdbcUrl: %s
                user: onceonly_cdc
                password: ${file:%s}
                tables:
                  - name: hukou.residents_joined
                    query: >-
                      SELECT p.id, p.sfzh, p.xm, p.xb, p.mz, p.csrq, a.hjdz, p.scbz,
                             greatest(p.gxsj, a.gxsj) AS gxsj
                      FROM hukou.people p JOIN hukou.addresses a ON a.person_id = p.id
                    key: [id]
                    watermark: gxsj
                    softDelete: {column: scbz, deletedValue: "1"}
                poll: {intervalMs: 200, batchSize: 4}
                """.formatted(SOURCE, department.jdbcUrl(), department.captureSecret().toAbsolutePath()));
        Path routes = ResidentRoutes.toPerson(department.directory().resolve("query-routes"), "public-security-hukou-joined-to-person",
                SOURCE, "hukou.residents_joined");

        hub.start(config -> config.with(HubSettings.CONNECTORS, connectors).with(HubSettings.ROUTES, routes));
        api = hub.api();
    }

    @Test
    void insertsUpdatesInEitherJoinedTableAndSoftDeletesReachThePool() {
        for (int id = 1; id <= 10; id++) {
            String identityNumber = department.identityNumberOf(id);
            Patience.await().until(() -> api.get("/v1/subjects/" + identityNumber + "/person").status() == 200);
        }
        Patience.await().until(() -> hub.hub().sourceStatus(SOURCE).state() == SourceState.STREAMING);

        String inserted = IdentityNumbers.valid("110105", "19880512", 322);
        department.execute("INSERT INTO hukou.people (id, sfzh, xm, xb, mz, csrq) VALUES (?, ?, ?, ?, ?, ?)",
                20_002L, inserted, "联查甲", "1", "01", "19880512");
        department.execute("INSERT INTO hukou.addresses (person_id, hjdz) VALUES (?, ?)", 20_002L, "北京市西城区联查路1号");
        JsonNode fields = awaitPerson(inserted).get("fields");
        assertThat(fields.get("name").get("value").asText()).isEqualTo("联查甲");
        assertThat(fields.get("registeredAddress").get("value").asText()).isEqualTo("北京市西城区联查路1号");
        assertThat(fields.get("registeredAddress").get("position").asText()).startsWith("poll:");

        String moved = department.identityNumberOf(2);
        department.execute("UPDATE hukou.addresses SET hjdz = ?, gxsj = now() WHERE person_id = ?", "上海市黄浦区联查路8号", 2L);
        Patience.await().until(() -> "上海市黄浦区联查路8号".equals(registeredAddressOf(moved)));

        String renamed = department.identityNumberOf(4);
        department.execute("UPDATE hukou.people SET xm = ?, gxsj = now() WHERE id = ?", "改名乙", 4L);
        Patience.await().until(() -> "改名乙".equals(
                api.get("/v1/subjects/" + renamed + "/person").body().path("fields").path("name").path("value").asText()));

        String deleted = department.identityNumberOf(3);
        department.execute("UPDATE hukou.people SET scbz = '1', gxsj = now() WHERE id = ?", 3L);
        Patience.await().until(() -> api.get("/v1/subjects/" + deleted + "/person").status() == 404);
        assertThat(hub.pool().versions(SOURCE, Operation.DELETE)).isEqualTo(1);
        assertThat(hub.hub().sourceStatus(SOURCE).state()).isEqualTo(SourceState.STREAMING);
    }

    private String registeredAddressOf(String identityNumber) {
        return api.get("/v1/subjects/" + identityNumber + "/person").body().path("fields").path("registeredAddress").path("value").asText();
    }

    private JsonNode awaitPerson(String identityNumber) {
        Patience.await().until(() -> api.get("/v1/subjects/" + identityNumber + "/person").status() == 200);
        return api.get("/v1/subjects/" + identityNumber + "/person").body();
    }
}
