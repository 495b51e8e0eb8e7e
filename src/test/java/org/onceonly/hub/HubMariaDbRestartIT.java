/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.BinlogDepartment;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestMariaDb;

/**
 * A hub capturing a MariaDB binlog, stopped mid-stream and started again, resumes from the offsets and schema
 * history it keeps in the pool database: nothing lost, nothing applied twice.
 */
class HubMariaDbRestartIT {
    private static final int RESIDENTS = 200;

    @TempDir
    Path directory;
    @RegisterExtension
    final HubExtension hub = HubExtension.inProcess().startedByTest();

    @Test
    void hubStoppedMidStreamResumesWithEveryChangeAppliedExactlyOnce() throws Exception {
        try (TestMariaDb mariaDb = TestMariaDb.start()) {
            BinlogDepartment department = mariaDb.householdRegister(directory, RESIDENTS);
            Map<Long, Integer> versionsPerRow = new HashMap<>();
            for (long id = 1; id <= RESIDENTS; id++) {
                versionsPerRow.put(id, 1); // the snapshot read
            }
            AtomicInteger address = new AtomicInteger();
            Random random = new Random(11);

            hub.start(config -> config.with(HubSettings.CONNECTORS, department.connectors()).with(HubSettings.ROUTES, department.routes()));
            Hub first = hub.hub();
            try {
                Patience.await().until(() -> hub.pool().count("Person") == RESIDENTS);
                // Changes flow while the hub stops: some land before the stop, some are in flight.
                Thread writer = new Thread(() -> {
                    for (int i = 0; i < 150; i++) {
                        long id = 1 + random.nextInt(RESIDENTS);
                        department.moveResident(id, "测试地址" + address.incrementAndGet());
                        synchronized (versionsPerRow) {
                            versionsPerRow.merge(id, 1, Integer::sum);
                        }
                    }
                });
                writer.start();
                Patience.await().until(() -> first.writer().appliedCount() > RESIDENTS + 20);
                hub.stop();
                writer.join();
            } finally {
                hub.stop();
            }

            // While the hub is down: updates, an insert and a delete.
            for (long id = 1; id <= 20; id++) {
                department.moveResident(id, "停机期间地址" + address.incrementAndGet());
                versionsPerRow.merge(id, 1, Integer::sum);
            }
            department.insertResident(5_000L, IdentityNumbers.valid("320102", "20010203", 111), "测试丁", "1",
                    "20010203", "南京市玄武区");
            versionsPerRow.put(5_000L, 1);
            department.deleteResident(199L);
            versionsPerRow.merge(199L, 1, Integer::sum);

            hub.start();
            try {
                Patience.await().untilAsserted(() -> assertThat(hub.pool().values("Person", "registeredAddress"))
                        .isEqualTo(department.addressesByIdentityNumber()));
                assertPool(hub.pool()).hasVersionsPerRow(department.sourceId(), versionsPerRow);
            } finally {
                hub.stop(); // before its department goes
            }
        }
    }
}
