/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.schema.Operation;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;

/**
 * {@code snapshot: incremental}: a large table is loaded in primary-key chunks while streaming runs, and a
 * hub stopped partway resumes from its last completed chunk instead of reading the table from the start.
 */
class ChunkedInitialLoadIT {
    private static final int RESIDENTS = 6000;
    private static final int CHUNK = 100;

    @Department(residents = RESIDENTS)
    TestDepartment department;
    @RegisterExtension
    final HubExtension hub = HubExtension.inProcess().startedByTest();

    @Test
    void aHubStoppedMidLoadResumesFromItsLastChunkWithEveryRowOnce() {
        department.addSignalTable();
        Path connectors = department.directory().resolve("chunked-connectors");
        department.writeConnector(connectors, department.sourceId(), "snapshot: incremental\n", """
                  signal.data.collection: hukou.onceonly_signal
                  incremental.snapshot.chunk.size: "%d"
                """.formatted(CHUNK));

        hub.start(config -> config.with(HubSettings.CONNECTORS, connectors));
        Hub first = hub.hub();
        try {
            Patience.await().until(() -> first.writer().appliedCount() >= RESIDENTS / 4);
            // Streaming runs alongside the load.
            department.execute("UPDATE hukou.residents SET hjdz = ? WHERE id = ?", "分块加载期间搬家", 2L);
        } finally {
            hub.stop();
        }
        // Versions the first hub committed: the rows it read, plus at most the one update.
        long readBeforeStop = first.writer().appliedCount() - 1;
        assertThat(readBeforeStop).as("stopped partway").isLessThan(RESIDENTS - 2L * CHUNK);

        hub.start();
        Patience.await().untilAsserted(() -> assertPool(hub.pool()).equalsDepartment(department));
        Hub second = hub.hub();
        long rereadAfterRestart = second.writer().appliedCount() + second.writer().unchangedCount();
        assertThat(rereadAfterRestart).as("rows read again after the restart").isLessThanOrEqualTo(RESIDENTS - readBeforeStop + 3L * CHUNK);
        assertThat(hub.pool().versions(department.sourceId(), Operation.READ)).isEqualTo(RESIDENTS);
    }
}
