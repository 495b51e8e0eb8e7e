package org.onceonly.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.BinlogDepartment;
import org.onceonly.testkit.HubProcess;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestMariaDb;

/**
 * A department sends garbage, generated from a seed so that a failure can be replayed: nulls in required
 * columns, impossible dates, wrong check characters, unknown codes, oversized text, unusual Unicode, some
 * rows read by the snapshot and some streamed. Every row ends either in the pool, exactly as the department
 * holds it, or in quarantine with a reason — never both, never neither — and the source keeps streaming.
 */
@Tag("faults")
class BadDepartmentDataTest {
    private static final long SEED = 20261127L;
    private static final int CLEAN_RESIDENTS = 20;
    private static final int ROWS_BEFORE_START = 400;
    private static final int ROWS_WHILE_STREAMING = 400;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    private TestDepartment postgres;
    private TestMariaDb mariaDb;
    private PoolServer pool;
    private HubProcess hub;

    @AfterEach
    void tearDown(TestInfo test) {
        if (hub != null) {
            hub.kill();
            FaultLogs.keep(hub, test);
        }
        if (pool != null) {
            pool.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @Test
    void garbageFromAPostgresDepartmentEndsInThePoolOrInQuarantineWithAReason() throws Exception {
        postgres = TestDepartment.start(directory, CLEAN_RESIDENTS);
        // The department's table as careless as the data: no NOT NULL, no lengths, no uniqueness.
        postgres.execute("ALTER TABLE hukou.residents DROP CONSTRAINT residents_sfzh_key, ALTER COLUMN sfzh DROP NOT NULL, ALTER COLUMN sfzh TYPE text, "
                + "ALTER COLUMN xm DROP NOT NULL, ALTER COLUMN xm TYPE text, ALTER COLUMN xb DROP NOT NULL, ALTER COLUMN xb TYPE text, "
                + "ALTER COLUMN mz TYPE text, ALTER COLUMN csrq DROP NOT NULL, ALTER COLUMN csrq TYPE text, ALTER COLUMN hjdz TYPE text");
        runGarbage("public-security-hukou", new BadResidents(SEED, false), () -> postgres.database().getConnection(),
                postgres.connectors(), HubConfigFile.PROJECT_ROUTES);
    }

    @Test
    void garbageFromAMariaDbDepartmentEndsInThePoolOrInQuarantineWithAReason() throws Exception {
        mariaDb = TestMariaDb.start();
        BinlogDepartment department = mariaDb.householdRegister(directory, CLEAN_RESIDENTS);
        mariaDb.executeAsRoot("ALTER TABLE hukou.residents DROP INDEX sfzh, MODIFY sfzh VARCHAR(64) NULL, MODIFY xm MEDIUMTEXT NULL, "
                + "MODIFY xb VARCHAR(16) NULL, MODIFY mz VARCHAR(16) NULL, MODIFY csrq VARCHAR(16) NULL, MODIFY hjdz MEDIUMTEXT NULL");
        // MariaDB keeps U+0000 in text, which PostgreSQL (the pool) cannot store: those rows must be quarantined too.
        runGarbage(department.sourceId(), new BadResidents(SEED, true), mariaDb::rootConnection, department.connectors(),
                department.routes());
    }

    private void runGarbage(String source, BadResidents generator, PoolChecks.Connector department, Path connectors, Path routes) throws Exception {
        pool = PoolServer.start(directory.resolve("pool"));
        List<BadResidents.Row> rows = new ArrayList<>(generator.next(10_001, ROWS_BEFORE_START));
        insert(department, rows);
        hub = HubProcess.start(HubConfigFile.write(directory.resolve("hub"), pool, connectors, routes));
        ApiClient api = hub.api();
        await().atMost(PATIENCE).until(() -> "streaming".equals(api.get("/v1/admin/sources/" + source).body().path("state").asText()));

        List<BadResidents.Row> streamed = generator.next(20_001, ROWS_WHILE_STREAMING);
        insert(department, streamed);
        rows.addAll(streamed);

        Set<Long> departmentIds = ids(department, "SELECT id FROM hukou.residents");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> rowsInPool(source).size() + quarantined(source).size() == departmentIds.size());

        Set<Long> inPool = rowsInPool(source);
        Map<Long, JsonNode> inQuarantine = quarantined(source);
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
            for (JsonNode reason : reasons) {
                explained &= !reason.path("field").asText().isBlank() && !reason.path("reason").asText().isBlank();
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
        Map<String, String> expected = new HashMap<>();
        try (Connection connection = department.connect()) {
            Map<String, String> all = PoolChecks.departmentResidents(connection, "hukou.residents", inPool);
            expected.putAll(all);
        }
        try (Connection connection = pool.connect()) {
            assertThat(PoolChecks.differences(expected, PoolChecks.goldenPersons(connection))).isEmpty();
        }
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

    private static void insert(PoolChecks.Connector department, List<BadResidents.Row> rows) throws SQLException {
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

    private static Set<Long> ids(PoolChecks.Connector department, String sql) throws SQLException {
        Set<Long> ids = new TreeSet<>();
        try (Connection connection = department.connect(); Statement select = connection.createStatement();
             ResultSet row = select.executeQuery(sql)) {
            while (row.next()) {
                ids.add(row.getLong(1));
            }
        }
        return ids;
    }

    private Set<Long> rowsInPool(String source) throws SQLException {
        try (Connection connection = pool.connect()) {
            return PoolChecks.rowsInPool(connection, source);
        }
    }

    /** Held quarantine entries of the source: row id → reasons. */
    private Map<Long, JsonNode> quarantined(String source) throws Exception {
        Map<Long, JsonNode> held = new HashMap<>();
        try (Connection connection = pool.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT row_key, reasons::text FROM quarantine WHERE source_id = ? AND status = 'held'")) {
            select.setString(1, source);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    held.put(PoolChecks.rowId(row.getString(1)), JSON.readTree(row.getString(2)));
                }
            }
        }
        return held;
    }
}
