/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDemoDepartments;
import org.onceonly.testkit.TestPool;
import org.onceonly.testkit.TestPostgres;

/**
 * Issue 14's wedge: the six demo departments snapshot at once into a pool
 * server whose shared lock table is a tenth of the default ({@code max_locks_per_transaction=16},
 * {@code max_connections=30}). Every source reaches {@code streaming}, every captured table is in the pool,
 * each table's rows equal the pool's records key by key, nothing is quarantined and the hub's log holds no 53200 (out of shared memory) or 40P01 (deadlock).
 * At ten times the demo's size (100,000 residents; the demo's own size wedged a default server's lock table
 * before): about 50 s on two cores, seeding (10 s) not included.
 */
class SixDepartmentsSmallLockTableIT {
    private static final int RESIDENTS = 100_000;
    private static final TestPostgres POOL_SERVER = TestPostgres.startPrivate(Map.of(
            "max_locks_per_transaction", "16", "max_connections", "30"));
    private static final TestPool POOL = TestPool.on(POOL_SERVER);

    @Department(residents = RESIDENTS)
    static TestDemoDepartments demo;
    @RegisterExtension
    static final HubExtension hub = HubExtension.ownProcess().startedByTest();

    @AfterAll
    static void closePool() {
        POOL.close();
        POOL_SERVER.close();
    }

    @Test
    void sixDepartmentsSnapshotTogetherIntoASmallLockTableAndAllStream() throws java.io.IOException {
        hub.onPool(POOL);
        hub.start();

        long connectors;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(demo.connectors())) {
            connectors = files.filter(file -> file.toString().endsWith(".yaml")).count(); // the MariaDB one only where its binaries exist
        }
        Patience.await().atMost(java.time.Duration.ofMinutes(20)).until(() -> {
            JsonNode sources = hub.api().get("/v1/admin/sources").body().get("sources");
            for (JsonNode source : sources) {
                if (!"streaming".equals(source.path("state").asText())) {
                    return false;
                }
            }
            return sources.size() == connectors;
        });
        Patience.await().atMost(java.time.Duration.ofMinutes(5)).until(() -> hub.pool().count("Person") == count("hukou", "hukou.residents")
                && hub.pool().count("Household") == count("hukou", "hukou.hu")
                && hub.pool().count("Marriage") == count("minzheng", "hydj.djxx")
                && hub.pool().count("SocialInsurance") == count("shebao", "cbdj.cbxx")
                && hub.pool().count("Certificate") == count("dzzz", "dzzz.zzxx")
                && hub.pool().count("Organisation") == query("scjg", "SELECT count(*) FROM scjg.qyxx WHERE scbz <> '1'"));

        // Row by row, each table by its subject key and one value the route maps, as the department keeps it.
        assertThat(hub.pool().values("Person", "registeredAddress"))
                .isEqualTo(rows("hukou", "SELECT upper(sfzh), hjdz FROM hukou.residents"));
        assertThat(hub.pool().values("Household", "registeredAddress")).isEqualTo(rows("hukou", "SELECT hh, dz FROM hukou.hu"));
        assertThat(hub.pool().values("Marriage", "registrationAuthority"))
                .isEqualTo(rows("minzheng", "SELECT djzh, djjg FROM hydj.djxx"));
        assertThat(hub.pool().values("SocialInsurance", "employerName"))
                .isEqualTo(rows("shebao", "SELECT cbbh, dwmc FROM cbdj.cbxx"));
        assertThat(hub.pool().values("Certificate", "holderName")).isEqualTo(rows("dzzz", "SELECT zzbh, czzt FROM dzzz.zzxx"));
        assertThat(hub.pool().values("Organisation", "name"))
                .isEqualTo(rows("scjg", "SELECT tyshxydm, qymc FROM scjg.qyxx WHERE scbz <> '1'"));
        assertPool(hub.pool()).quarantinedNothing();
        assertThat(hub.process().log()).doesNotContain("53200").doesNotContain("40P01");
    }

    /** A department's rows as key → value, the query's two columns. */
    private static Map<String, String> rows(String database, String sql) {
        Map<String, String> rows = new java.util.HashMap<>();
        try (Connection connection = demo.dataSource(database).getConnection();
             PreparedStatement select = connection.prepareStatement(sql); ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return rows;
    }

    private static long count(String database, String table) {
        return query(database, "SELECT count(*) FROM " + table);
    }

    private static long query(String database, String sql) {
        try (Connection connection = demo.dataSource(database).getConnection();
             PreparedStatement select = connection.prepareStatement(sql); ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
