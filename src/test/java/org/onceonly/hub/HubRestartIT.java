/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.onceonly.testkit.PoolAssert.assertPool;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;

/** A hub stopped mid-stream and started again resumes from its stored offsets: nothing lost, nothing twice. */
class HubRestartIT {
    private static final int RESIDENTS = 200;

    @Department(residents = RESIDENTS)
    TestDepartment department;
    @RegisterExtension
    final HubExtension hub = HubExtension.inProcess().startedByTest();

    @Test
    void hubStoppedMidStreamResumesWithEveryChangeAppliedExactlyOnce() throws Exception {
        Map<Long, Integer> versionsPerRow = new HashMap<>();
        for (long id = 1; id <= RESIDENTS; id++) {
            versionsPerRow.put(id, 1); // the snapshot read
        }
        AtomicInteger address = new AtomicInteger();
        Random random = new Random(7);

        hub.start();
        Hub first = hub.hub();
        Patience.await().until(() -> hub.pool().count("Person") == RESIDENTS);
        // Changes flow while the hub stops: some land before the stop, some are in flight.
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 150; i++) {
                long id = 1 + random.nextInt(RESIDENTS);
                department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", "测试地址" + address.incrementAndGet(), id);
                synchronized (versionsPerRow) {
                    versionsPerRow.merge(id, 1, Integer::sum);
                }
            }
        });
        writer.start();
        Patience.await().until(() -> first.writer().appliedCount() > RESIDENTS + 20);
        hub.stop();
        writer.join();

        // While the hub is down: updates, an insert and a delete.
        for (long id = 1; id <= 20; id++) {
            department.execute("UPDATE hukou.residents SET hjdz = ? WHERE id = ?", "停机期间地址" + address.incrementAndGet(), id);
            versionsPerRow.merge(id, 1, Integer::sum);
        }
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                5_000L, IdentityNumbers.valid("320102", "20010203", 111), "测试丁", "1", "01", "20010203", "南京市玄武区");
        versionsPerRow.put(5_000L, 1);
        department.execute("DELETE FROM hukou.residents WHERE id = ?", 199L);
        versionsPerRow.merge(199L, 1, Integer::sum);

        hub.start();
        Patience.await().untilAsserted(() -> assertPool(hub.pool()).equalsDepartment(department));
        assertPool(hub.pool()).hasVersionsPerRow(department.sourceId(), versionsPerRow);
    }
}
