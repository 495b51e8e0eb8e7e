/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.onceonly.testkit.EmptyPool;
import org.onceonly.testkit.TestPool;

/** What the one background writer holds back and what it writes at once. */
class BatchingWriterTest {
    @EmptyPool
    static TestPool pool;

    /** Records the batches written to it (it writes nothing to the database). */
    private static final class Recorded<T> implements BatchingWriter.Table<T> {
        final List<List<T>> batches = new CopyOnWriteArrayList<>();

        @Override
        public void write(Connection connection, List<T> rows) {
            batches.add(List.copyOf(rows));
        }

        @Override
        public String name() {
            return "recorded";
        }
    }

    @Test
    void rowsNobodyWaitsForAreHeldBackAndWrittenTogetherWhileAwaitedRowsAreNot() throws Exception {
        Recorded<String> statistics = new Recorded<>();
        Recorded<String> log = new Recorded<>();
        try (BatchingWriter writer = new BatchingWriter(pool.dataSource())) {
            long start = System.nanoTime();
            assertThat(writer.offer(statistics, "outcome 1")).isTrue();
            writer.submit(log, "entry 1").get(5, TimeUnit.SECONDS);
            assertThat(writer.offer(statistics, "outcome 2")).isTrue();
            writer.submit(log, "entry 2").get(5, TimeUnit.SECONDS);
            boolean heldBack = statistics.batches.isEmpty();
            boolean withinHold = System.nanoTime() - start < BatchingWriter.HOLD.toNanos();

            assertThat(heldBack || !withinHold).as("outcomes written before their hold ended").isTrue();
            await().atMost(5, TimeUnit.SECONDS).until(() -> !statistics.batches.isEmpty());
            assertThat(statistics.batches).containsExactly(List.of("outcome 1", "outcome 2"));
            assertThat(log.batches).flatMap(batch -> batch).containsExactly("entry 1", "entry 2");
        }
    }

    @Test
    void flushWritesHeldRowsWithoutWaitingForTheirTime() {
        Recorded<String> statistics = new Recorded<>();
        try (BatchingWriter writer = new BatchingWriter(pool.dataSource())) {
            writer.offer(statistics, "outcome");
            long start = System.nanoTime();

            writer.flush();

            assertThat(statistics.batches).containsExactly(List.of("outcome"));
            assertThat(System.nanoTime() - start).isLessThan(BatchingWriter.HOLD.toNanos());
        }
    }

    @Test
    void closingWritesHeldRows() {
        Recorded<String> statistics = new Recorded<>();
        BatchingWriter writer = new BatchingWriter(pool.dataSource());
        writer.offer(statistics, "outcome");

        writer.close();

        assertThat(statistics.batches).containsExactly(List.of("outcome"));
    }
}
