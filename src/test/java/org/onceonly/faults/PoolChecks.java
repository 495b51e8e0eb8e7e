/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import static org.onceonly.testkit.PoolAssert.assertPool;

import java.time.Duration;
import org.onceonly.pool.PoolException;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.PoolView;
import org.onceonly.testkit.ResidentsTable;

/**
 * Waiting on the pool while faults come and go: its progress in history versions, and the moment it equals
 * the department row by row with exactly the ledger's versions of every row.
 */
final class PoolChecks {
    private PoolChecks() {}

    /** History versions the pool holds from a source, or -1 while the pool cannot be reached. */
    static long versions(PoolView pool, String sourceId) {
        try {
            return pool.versions(sourceId);
        } catch (PoolException poolDown) {
            return -1;
        }
    }

    /** Waits until the pool holds at least {@code more} history versions from the source than now. */
    static void awaitMoreVersions(PoolView pool, String sourceId, long more) {
        long before = versions(pool, sourceId);
        Patience.await().until(() -> versions(pool, sourceId) >= before + more);
    }

    /** Waits until the pool's golden Person records equal the department's residents, row by row. */
    static void awaitPoolEqualsDepartment(PoolView pool, ResidentsTable department, Duration patience) {
        Patience.await().atMost(patience).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertPool(pool).equalsDepartment(department));
    }

    /** As {@link #awaitPoolEqualsDepartment(PoolView, ResidentsTable, Duration)}, then history holds exactly the ledger's versions. */
    static void awaitPoolEqualsDepartment(PoolView pool, ResidentsTable department, String sourceId, ChangeLedger ledger, Duration patience) {
        awaitPoolEqualsDepartment(pool, department, patience);
        assertPool(pool).hasVersionsPerRow(sourceId, ledger.expectedVersions());
    }
}
