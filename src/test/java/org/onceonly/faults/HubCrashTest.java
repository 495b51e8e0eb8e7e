package org.onceonly.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.HubProcess;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.TestDepartment;

/**
 * The hub process killed with SIGKILL — no shutdown hook, no offset flush, a batch possibly half written —
 * and started again: the pool ends equal to the department row by row, and history holds exactly one
 * version per change.
 */
@Tag("faults")
class HubCrashTest {
    private static final String SOURCE = "public-security-hukou";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path directory;
    private TestDepartment department;
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
        if (department != null) {
            department.close();
        }
    }

    @Test
    void hubKilledDuringTheSnapshotRestartsToAPoolEqualToTheDepartment() throws Exception {
        int residents = 10_000;
        department = TestDepartment.start(directory, residents);
        pool = PoolServer.start(directory.resolve("pool"));
        Path config = HubConfigFile.write(directory.resolve("hub"), pool, department.connectors());

        hub = HubProcess.start(config);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> rowsInPool() >= residents / 10);
        hub.kill();
        Set<Long> inPoolAtKill = rowsInPoolSet();
        assertThat(inPoolAtKill.size()).as("the kill must come before the snapshot ends").isLessThan(residents);

        // While the hub is down: moves, an insert, and deletes of a row the first snapshot read and one it did not.
        Random random = new Random(42);
        ChangeLedger changed = new ChangeLedger();
        for (int i = 0; i < 200; i++) {
            long id = 1 + random.nextInt(residents);
            department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", "停机期间地址" + i, id);
            changed.changed(id);
        }
        long readThenDeleted = inPoolAtKill.iterator().next();
        long neverReadThenDeleted = java.util.stream.LongStream.rangeClosed(1, residents)
                .filter(id -> !inPoolAtKill.contains(id)).findFirst().orElseThrow();
        department.execute("DELETE FROM hukou.residents WHERE id IN (?, ?)", readThenDeleted, neverReadThenDeleted);
        long inserted = residents + 1L;
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                inserted, IdentityNumbers.valid("320102", "20010203", 111), "测试丁", "1", "01", "20010203", "南京市玄武区");

        java.time.Instant restarted = java.time.Instant.now();
        hub = HubProcess.start(config);
        awaitPoolEqualsDepartment();
        Duration recovery = Duration.between(restarted, java.time.Instant.now());

        // A row the first snapshot read has a second version only if it changed meanwhile (the re-read of an
        // unchanged row adds none); a row it did not read has the one version of the second snapshot.
        ChangeLedger expected = new ChangeLedger();
        for (long id = 1; id <= residents; id++) {
            expected.expect(id, inPoolAtKill.contains(id) && changed.versionsOf(id) > 0 ? 2 : 1);
        }
        expected.expect(readThenDeleted, 2);
        expected.expect(neverReadThenDeleted, 0);
        expected.expect(inserted, 1);
        Map<Long, Integer> expectedVersions = expected.expectedVersions();
        expectedVersions.values().removeIf(count -> count == 0);
        try (Connection connection = pool.connect()) {
            assertThat(PoolChecks.versionsPerRow(connection, SOURCE)).isEqualTo(expectedVersions);
        }
        FaultResults.record("SIGKILL during the snapshot", "killed with " + inPoolAtKill.size() + " of " + residents
                + " rows in the pool; 200 moves, 1 insert, 2 deletes while down; pool equal to the department "
                + recovery.toMillis() + " ms after the restart began (hub start and a full re-snapshot)");
    }

    @Test
    void hubKilledTwiceWhileStreamingRestartsWithEveryChangeAppliedOnce() throws Exception {
        int residents = 2_000;
        department = TestDepartment.start(directory, residents);
        pool = PoolServer.start(directory.resolve("pool"));
        Path config = HubConfigFile.write(directory.resolve("hub"), pool, department.connectors());
        ChangeLedger ledger = new ChangeLedger();
        ledger.snapshot(1, residents);
        java.time.Instant lastChange;

        hub = HubProcess.start(config);
        await().atMost(PATIENCE).until(() -> rowsInPool() == residents);
        try (SteadyWriter writer = new SteadyWriter("streaming", 200, residents, 7, this::move, ledger).start()) {
            for (int kill = 1; kill <= 2; kill++) {
                long before = appliedVersions();
                await().atMost(PATIENCE).until(() -> appliedVersions() > before + 300);
                hub.kill();
                long writtenAtKill = writer.written();
                await().atMost(PATIENCE).until(() -> writer.written() > writtenAtKill + 300); // the department goes on
                hub = HubProcess.start(config);
            }
            long writtenAtLastStart = writer.written();
            await().atMost(PATIENCE).until(() -> writer.written() > writtenAtLastStart + 300);
            writer.close();
            lastChange = java.time.Instant.now();
            assertThat(writer.failed()).isZero();
        }

        awaitPoolEqualsDepartment();
        Duration caughtUp = Duration.between(lastChange, java.time.Instant.now());
        try (Connection connection = pool.connect()) {
            assertThat(PoolChecks.versionsPerRow(connection, SOURCE)).isEqualTo(ledger.expectedVersions());
        }
        FaultResults.record("SIGKILL while streaming (twice)", ledger.changes() + " changes (" + residents
                + " snapshot reads, the rest moves at 200/s, also while the hub was down), each applied once; pool equal to the department "
                + caughtUp.toMillis() + " ms after the last change");
    }

    private void move(long id, String address) {
        department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", address, id);
    }

    private void awaitPoolEqualsDepartment() {
        PoolChecks.awaitPoolEqualsDepartment(pool, () -> department.database().getConnection(), "hukou.residents", PATIENCE);
    }

    private long rowsInPool() throws Exception {
        try (Connection connection = pool.connect()) {
            return PoolChecks.count(connection, "SELECT count(*) FROM contribution WHERE source_id = ? AND NOT deleted", SOURCE);
        }
    }

    private Set<Long> rowsInPoolSet() throws Exception {
        try (Connection connection = pool.connect()) {
            return PoolChecks.rowsInPool(connection, SOURCE);
        }
    }

    private long appliedVersions() {
        return PoolChecks.versions(pool, SOURCE);
    }
}
