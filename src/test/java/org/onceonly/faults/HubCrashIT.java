/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import org.onceonly.hub.HubSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;

/**
 * The hub process killed with SIGKILL — no shutdown hook, no offset flush, a batch possibly half written —
 * and started again: the pool ends equal to the department row by row, and history holds exactly one
 * version per change.
 */
@Tag("faults")
class HubCrashIT {
    private static final String SOURCE = TestDepartment.SOURCE_ID;

    @RegisterExtension
    final HubExtension hub = FaultHubs.process().startedByTest();

    @Test
    void hubKilledDuringTheSnapshotRestartsToAPoolEqualToTheDepartment(@Department(residents = 10_000) TestDepartment department) {
        int residents = 10_000;
        hub.start(config -> config.with(HubSettings.CONNECTORS, department.connectors()));
        Patience.await().pollInterval(Duration.ofMillis(20)).until(() -> hub.pool().liveRows(SOURCE) >= residents / 10);
        hub.kill();
        Set<Long> inPoolAtKill = hub.pool().liveRowIds(SOURCE);
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
        long neverReadThenDeleted = LongStream.rangeClosed(1, residents).filter(id -> !inPoolAtKill.contains(id)).findFirst().orElseThrow();
        department.execute("DELETE FROM hukou.residents WHERE id IN (?, ?)", readThenDeleted, neverReadThenDeleted);
        long inserted = residents + 1L;
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                inserted, IdentityNumbers.valid("320102", "20010203", 111), "测试丁", "1", "01", "20010203", "南京市玄武区");

        Instant restarted = Instant.now();
        hub.start();
        PoolChecks.awaitPoolEqualsDepartment(hub.pool(), department, Patience.FLOW);
        Duration recovery = Duration.between(restarted, Instant.now());

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
        assertPool(hub.pool()).hasVersionsPerRow(SOURCE, expectedVersions);
        FaultResults.record("SIGKILL during the snapshot", "killed with " + inPoolAtKill.size() + " of " + residents
                + " rows in the pool; 200 moves, 1 insert, 2 deletes while down; pool equal to the department "
                + recovery.toMillis() + " ms after the restart began (hub start and a full re-snapshot)");
    }

    @Test
    void hubKilledTwiceWhileStreamingRestartsWithEveryChangeAppliedOnce(@Department(residents = 2_000) TestDepartment department)
            throws Exception {
        int residents = 2_000;
        ChangeLedger ledger = new ChangeLedger();
        ledger.snapshot(1, residents);
        Instant lastChange;

        hub.start(config -> config.with(HubSettings.CONNECTORS, department.connectors()));
        Patience.await().until(() -> hub.pool().liveRows(SOURCE) == residents);
        try (SteadyWriter writer = new SteadyWriter("streaming", 200, residents, 7, (id, address) -> move(department, id, address), ledger)
                .start()) {
            for (int kill = 1; kill <= 2; kill++) {
                long before = appliedVersions();
                Patience.await().until(() -> appliedVersions() > before + 300);
                hub.kill();
                long writtenAtKill = writer.written();
                Patience.await().until(() -> writer.written() > writtenAtKill + 300); // the department goes on
                hub.start();
            }
            long writtenAtLastStart = writer.written();
            Patience.await().until(() -> writer.written() > writtenAtLastStart + 300);
            writer.close();
            lastChange = Instant.now();
            assertThat(writer.failed()).isZero();
        }

        PoolChecks.awaitPoolEqualsDepartment(hub.pool(), department, Patience.FLOW);
        Duration caughtUp = Duration.between(lastChange, Instant.now());
        assertPool(hub.pool()).hasVersionsPerRow(SOURCE, ledger.expectedVersions());
        FaultResults.record("SIGKILL while streaming (twice)", ledger.changes() + " changes (" + residents
                + " snapshot reads, the rest moves at 200/s, also while the hub was down), each applied once; pool equal to the department "
                + caughtUp.toMillis() + " ms after the last change");
    }

    private static void move(TestDepartment department, long id, String address) {
        department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", address, id);
    }

    private long appliedVersions() {
        return PoolChecks.versions(hub.pool(), SOURCE);
    }
}
