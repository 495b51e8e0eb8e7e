/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.hub.CaptureRunners;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.EmptyPool;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDatabase;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestPool;

/**
 * A department whose tables are quiet while another database of the same server writes: its slot must not
 * keep that database's WAL (issue 17: 47 MB per idle slot after a minute of pgbench elsewhere). The hub's
 * heartbeat, a logical-decoding message in the department's own database, moves it.
 */
class IdleSlotIT {
    private static final long ONE_MB = 1024L * 1024;
    private static final long LOAD_BYTES = 48 * ONE_MB;

    @TempDir
    Path directory;
    @EmptyPool
    TestPool pool;
    @Department(residents = 20)
    TestDepartment quiet;

    @Test
    void quietDepartmentsSlotRetainsUnderOneMegabyteAfterLoadOnAnotherDatabase() {
        try (ManagedSource source = startCapturing("idle-slot")) {
            long startLsnBytes = writeElsewhereUntil(LOAD_BYTES);

            assertThat(startLsnBytes).isGreaterThanOrEqualTo(LOAD_BYTES);
            Patience.await().until(() -> source.status().retainedWalBytes() >= 0 && source.status().retainedWalBytes() < ONE_MB);
            assertThat(source.status().state()).isEqualTo(SourceState.STREAMING);
            assertThat(source.status().warning()).isNull();
        }
    }

    @Test
    void sourceWhoseRoleMayNotWriteTheHeartbeatStillStreamsAndWarnsOfRetainedWal() {
        quiet.declineHeartbeat();
        try (ManagedSource source = startCapturing("declined-heartbeat", new ConcurrentSkipListSet<>(), 4 * ONE_MB)) {
            long snapshotted = source.status().events();
            quiet.execute("UPDATE hukou.residents SET xm = xm || '新' WHERE id = 1");
            Patience.await().until(() -> source.status().events() == snapshotted + 1);

            writeElsewhereUntil(8 * ONE_MB);

            Patience.await().until(() -> source.status().warning() != null);
            assertThat(source.status().warning()).contains("retains").contains("limit 4 MiB");
            assertThat(source.status().retainedWalBytes()).isGreaterThan(4 * ONE_MB);
            assertThat(source.status().state()).isEqualTo(SourceState.STREAMING);
        }
    }

    private ManagedSource startCapturing(String id) {
        return startCapturing(id, new ConcurrentSkipListSet<>(), Long.MAX_VALUE);
    }

    /** The quiet department captured, snapshotted and streaming. */
    private ManagedSource startCapturing(String id, Set<Long> ids, long walWarningBytes) {
        SourceDefinition definition = SourceDefinitionLoader.load(quiet.writeConnector(directory, id, "", ""));
        ManagedSource source = new ManagedSource(definition, new OffsetStorage(pool.jdbcUrl(), pool.user(), pool.password()),
                Batching.DEFAULT, batch -> batch.forEach(change -> ids.add(change.key().get("id").asLong())),
                CaptureRunners.INSTANCE, walWarningBytes, 1);
        source.start();
        Patience.await().until(() -> ids.size() == 20 && source.status().state() == SourceState.STREAMING);
        return source;
    }

    /** Writes into a database of its own on the quiet department's server until the server's WAL grew by {@code bytes}. */
    private long writeElsewhereUntil(long bytes) {
        try (TestDatabase busy = quiet.server().create(quiet.server().uniqueName("busy"))) {
            busy.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, balance bigint NOT NULL, note text)");
            busy.execute("INSERT INTO accounts SELECT g, 0, repeat('x', 100) FROM generate_series(1, 10000) g");
            long start = Long.parseLong(busy.query("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn"));
            long written = 0;
            while (written < bytes) {
                // pgbench's shape: many small committed updates, here 10,000 rows a statement.
                busy.execute("UPDATE accounts SET balance = balance + 1");
                written = Long.parseLong(busy.query("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) - start;
            }
            return written;
        }
    }
}
