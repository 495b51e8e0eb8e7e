/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import org.onceonly.hub.HubSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.schema.FieldViolation;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.BinlogDepartment;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.PoolView;
import org.onceonly.testkit.ResidentsTable;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestMariaDb;

/**
 * A department sends garbage, generated from a seed so that a failure can be replayed: nulls in required
 * columns, impossible dates, wrong check characters, unknown codes, oversized text, unusual Unicode, some
 * rows read by the snapshot and some streamed. Every row ends either in the pool, exactly as the department
 * holds it, or in quarantine with a reason — never both, never neither — and the source keeps streaming.
 */
@Tag("faults")
class BadDepartmentDataIT {
    private static final long SEED = 20261127L;
    private static final int CLEAN_RESIDENTS = 20;
    private static final int ROWS_BEFORE_START = 400;
    private static final int ROWS_WHILE_STREAMING = 400;

    @TempDir
    Path directory;
    @RegisterExtension
    final HubExtension hub = FaultHubs.process().startedByTest();
    private TestMariaDb mariaDb;

    @AfterEach
    void stopMariaDb() {
        hub.kill(); // before its department goes
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @Test
    void garbageFromAPostgresDepartmentEndsInThePoolOrInQuarantineWithAReason(@Department(residents = CLEAN_RESIDENTS) TestDepartment postgres)
            throws Exception {
        // The department's table as careless as the data: no NOT NULL, no lengths, no uniqueness.
        postgres.execute("ALTER TABLE hukou.residents DROP CONSTRAINT residents_sfzh_key, ALTER COLUMN sfzh DROP NOT NULL, ALTER COLUMN sfzh TYPE text, "
                + "ALTER COLUMN xm DROP NOT NULL, ALTER COLUMN xm TYPE text, ALTER COLUMN xb DROP NOT NULL, ALTER COLUMN xb TYPE text, "
                + "ALTER COLUMN mz TYPE text, ALTER COLUMN csrq DROP NOT NULL, ALTER COLUMN csrq TYPE text, ALTER COLUMN hjdz TYPE text");
        runGarbage("public-security-hukou", new BadResidents(SEED, false), postgres, postgres.connectors(), Path.of("routes"));
    }

    @Test
    void garbageFromAMariaDbDepartmentEndsInThePoolOrInQuarantineWithAReason() throws Exception {
        mariaDb = TestMariaDb.start();
        BinlogDepartment department = mariaDb.householdRegister(directory, CLEAN_RESIDENTS);
        mariaDb.executeAsRoot("ALTER TABLE hukou.residents DROP INDEX sfzh, MODIFY sfzh VARCHAR(64) NULL, MODIFY xm MEDIUMTEXT NULL, "
                + "MODIFY xb VARCHAR(16) NULL, MODIFY mz VARCHAR(16) NULL, MODIFY csrq VARCHAR(16) NULL, MODIFY hjdz MEDIUMTEXT NULL");
        // MariaDB keeps U+0000 in text, which PostgreSQL (the pool) cannot store: those rows must be quarantined too.
        runGarbage(department.sourceId(), new BadResidents(SEED, true), ResidentsTable.of(mariaDb::rootConnection, department.table()),
                department.connectors(), department.routes());
    }

    private void runGarbage(String source, BadResidents generator, ResidentsTable department, Path connectors, Path routes) throws Exception {
        List<BadResidents.Row> rows = new ArrayList<>(generator.next(10_001, ROWS_BEFORE_START));
        insert(department, rows);
        hub.start(config -> config.with(HubSettings.CONNECTORS, connectors).with(HubSettings.ROUTES, routes));
        ApiClient api = hub.api();
        Patience.await().until(() -> "streaming".equals(api.get("/v1/admin/sources/" + source).body().path("state").asText()));

        List<BadResidents.Row> streamed = generator.next(20_001, ROWS_WHILE_STREAMING);
        insert(department, streamed);
        rows.addAll(streamed);

        Set<Long> departmentIds = ids(department, "SELECT id FROM hukou.residents");
        PoolView pool = hub.pool();
        Patience.await().pollInterval(Duration.ofMillis(500))
                .until(() -> pool.liveRowIds(source).size() + pool.heldReasonsByRow(source).size() == departmentIds.size());

        Set<Long> inPool = pool.liveRowIds(source);
        Map<Long, List<FieldViolation>> inQuarantine = pool.heldReasonsByRow(source);
        Set<Long> both = new TreeSet<>(inPool);
        both.retainAll(inQuarantine.keySet());
        assertThat(both).as("rows both in the pool and in quarantine").isEmpty();
        Set<Long> accounted = new TreeSet<>(inPool);
        accounted.addAll(inQuarantine.keySet());
        assertThat(accounted).as("rows in = rows in the pool + rows in quarantine").isEqualTo(departmentIds);

        // Every quarantined row says why, field by field; each row went where its faults send it, and a row
        // with one rejecting fault is rejected for that fault.
        List<String> wrong = new ArrayList<>();
        inQuarantine.forEach((id, reasons) -> {
            boolean explained = !reasons.isEmpty();
            for (FieldViolation reason : reasons) {
                explained &= reason.field() != null && !reason.field().isBlank() && reason.reason() != null && !reason.reason().isBlank();
            }
            if (!explained) {
                wrong.add("row " + id + " is quarantined without a reason for each field: " + reasons);
            }
        });
        for (BadResidents.Row row : rows) {
            if (row.accepted() && !inPool.contains(row.id())) {
                wrong.add(row + " is valid but not in the pool" + (inQuarantine.containsKey(row.id()) ? ": " + inQuarantine.get(row.id()) : ""));
            } else if (!row.accepted() && !inQuarantine.containsKey(row.id())) {
                wrong.add(row + " is not in quarantine");
            } else if (!row.accepted() && row.faults().size() == 1) {
                String mentions = row.faults().iterator().next().reasonMentions;
                if (!inQuarantine.get(row.id()).toString().toLowerCase().contains(mentions.toLowerCase())) {
                    wrong.add(row + " is quarantined, but its reasons do not mention " + mentions + ": " + inQuarantine.get(row.id()));
                }
            }
        }
        assertThat(wrong).isEmpty();
        // What the pool took, it holds exactly as the department does: oversized text and unusual Unicode intact.
        assertPool(pool).equalsDepartmentRows(department, inPool);
        // The quarantine API and the source's status count the same rows.
        long summarised = 0;
        for (JsonNode count : api.get("/v1/admin/quarantine/summary").body().path("held")) {
            if (count.path("source").asText().equals(source)) {
                summarised += count.path("held").asLong();
            }
        }
        assertThat(summarised).isEqualTo(inQuarantine.size());
        assertThat(api.get("/v1/admin/sources/" + source).body().path("quarantine").path("held").asLong()).isEqualTo(inQuarantine.size());
        FaultResults.record("bad department data (" + source + ")", departmentIds.size() + " rows in (" + CLEAN_RESIDENTS + " clean residents + "
                + rows.size() + " generated, seed " + SEED + ", faults " + BadResidents.describe(rows) + "): " + inPool.size()
                + " in the pool, " + inQuarantine.size() + " in quarantine, each with a reason");
    }

    private static void insert(ResidentsTable department, List<BadResidents.Row> rows) throws SQLException {
        try (Connection connection = department.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (BadResidents.Row row : rows) {
                insert.setLong(1, row.id());
                insert.setString(2, row.sfzh());
                insert.setString(3, row.xm());
                insert.setString(4, row.xb());
                insert.setString(5, row.mz());
                insert.setString(6, row.csrq());
                insert.setString(7, row.hjdz());
                insert.executeUpdate(); // one by one: a streamed row is its own transaction, as a clerk's would be
            }
        }
    }

    private static Set<Long> ids(ResidentsTable department, String sql) throws SQLException {
        Set<Long> ids = new TreeSet<>();
        try (Connection connection = department.connect(); Statement select = connection.createStatement();
             ResultSet row = select.executeQuery(sql)) {
            while (row.next()) {
                ids.add(row.getLong(1));
            }
        }
        return ids;
    }
}
