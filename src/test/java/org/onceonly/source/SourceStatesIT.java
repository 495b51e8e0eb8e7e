/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.hub.CaptureRunners;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.EmptyPool;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestPool;

/**
 * The states a DBA reads over one source's life, against a real department: snapshotting with progress,
 * streaming with nothing to read (issue 17: idle sources said "starting" after a restart), retrying, then
 * stalled with its error while the pool refuses a change, streaming again, stopped when paused, and
 * streaming — not starting — when resumed with nothing new.
 */
class SourceStatesIT {
    @TempDir
    Path directory;
    @EmptyPool
    TestPool pool;
    @Department(residents = 20)
    TestDepartment department;

    @Test
    void sourceGoesThroughEachStateOfItsLifeAndSaysSo() throws Exception {
        CountDownLatch snapshotHeld = new CountDownLatch(1);
        AtomicBoolean poolRefuses = new AtomicBoolean();
        ChangeHandler pool = batch -> {
            if (!snapshotHeld.await(Patience.FLOW.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the snapshot through");
            }
            if (poolRefuses.get()) {
                throw new IllegalStateException("pool refuses the batch");
            }
        };
        department.execute("ANALYZE hukou.residents"); // the snapshot's expected total is the planner's estimate
        SourceDefinition definition = SourceDefinitionLoader.load(department.writeConnector(directory, "states", "", ""));
        try (ManagedSource source = new ManagedSource(definition, new OffsetStorage(this.pool.jdbcUrl(), this.pool.user(),
                this.pool.password()), Batching.DEFAULT, pool, CaptureRunners.INSTANCE, Long.MAX_VALUE, 1)) {
            SourceStatus status = source.status();
            status.stallAfter(Duration.ofSeconds(3));
            source.start();

            // A first batch in the pool's hands: snapshotting, with progress, and its lag is the batch's age.
            assertThat(status.state()).isEqualTo(SourceState.SNAPSHOTTING);
            Patience.await().until(() -> status.snapshotRowsTotal() == 20);
            snapshotHeld.countDown();
            Patience.await().until(() -> status.snapshotRowsDone() == 20);

            // Caught up, nothing to read: streaming, no lag.
            Patience.await().until(() -> status.state() == SourceState.STREAMING);
            assertThat(status.lagMillis()).isZero();

            // The pool refuses a change: retrying at once, stalled after the threshold, with the error.
            poolRefuses.set(true);
            department.execute("UPDATE hukou.residents SET hjdz = '拒收路1号' WHERE id = 1");
            Patience.await().until(() -> status.state() == SourceState.RETRYING);
            Patience.await().until(() -> status.state() == SourceState.STALLED);
            assertThat(status.lastError()).contains("pool refuses the batch");
            assertThat(status.lagMillis()).isGreaterThanOrEqualTo(3_000);
            poolRefuses.set(false);
            Patience.await().until(() -> status.state() == SourceState.STREAMING && status.lagMillis() == 0);

            source.pause();
            assertThat(status.state()).isEqualTo(SourceState.STOPPED);
            source.resume();
            Patience.await().until(() -> status.state() == SourceState.STREAMING);
        }
    }
}
