/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.onceonly.pool.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background writer for what the API records in the pool as it answers: access-log entries (waited
 * for: no entry, no data) and prefill outcomes (not waited for). Whatever is queued while a batch is being
 * written goes into the next one, in one transaction: concurrent requests share a commit (group commit), so
 * the pool's round trips and WAL flushes per request fall as the load grows.
 *
 * <p>Each kind of row is a {@link Table}. A batch writes every table's rows in one transaction; when that
 * fails, each table is retried on its own, so that a failure of one kind (statistics) never fails another
 * (the access log).
 *
 * <p>Rows nobody waits for are held back until {@value #MAX_BATCH} of them are queued or the oldest has waited
 * {@link #HOLD}, then ride along with the next batch: written a request at a time they cost the pool a
 * statement per commit for what is read only as a statistic over many (docs/performance.md).
 */
public final class BatchingWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingWriter.class);
    private static final int CAPACITY = 65_536;
    private static final int MAX_BATCH = 1_024;
    /** Attempts of a table whose writes collide with another hub's (each collision means the other hub progressed). */
    private static final int MAX_ATTEMPTS = 50;
    /** How long a row nobody waits for may be held back, at most. */
    static final Duration HOLD = Duration.ofSeconds(1);

    /** One kind of row: how a batch of them is written inside the batch's transaction. */
    public interface Table<T> {
        /** Writes the rows; must not commit. */
        void write(Connection connection, List<T> rows) throws SQLException;

        /** The transaction that held this table's rows rolled back: forget what was derived from them. */
        default void rolledBack() {}

        /** Whether the failure was a collision with another writer that a fresh attempt resolves. */
        default boolean collided(SQLException failure) {
            return false;
        }

        /** A name for log lines. */
        String name();
    }

    private record Pending(Table<?> table, Object row, CompletableFuture<Void> written, boolean awaited) {}

    private final DataSource dataSource;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread thread;
    /** Rows nobody waits for, held back; only the writer's thread touches the list. */
    private final List<Pending> held = new ArrayList<>();
    private long heldSince;
    private volatile int heldCount;
    private final AtomicInteger flushing = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean busy;

    public BatchingWriter(DataSource dataSource) {
        this.dataSource = dataSource;
        this.thread = new Thread(this::writeLoop, "pool-batching-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a row; the future completes once its transaction committed (or fails with the reason).
     *
     * @throws PoolException when the writer is closed or stays full for five seconds
     */
    public <T> CompletableFuture<Void> submit(Table<T> table, T row) {
        if (closed) {
            throw new PoolException("the pool writer is closed", null);
        }
        Pending pending = new Pending(table, row, new CompletableFuture<>(), true);
        try {
            if (!queue.offer(pending, 5, TimeUnit.SECONDS)) {
                throw new PoolException("the pool writer is overloaded (" + table.name() + ")", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while queueing " + table.name(), null);
        }
        return pending.written();
    }

    /** Queues a row nobody waits for; false (and nothing queued) when the writer is full or closed. */
    public <T> boolean offer(Table<T> table, T row) {
        return !closed && queue.offer(new Pending(table, row, new CompletableFuture<>(), false));
    }

    /** Waits (up to ten seconds) until everything queued so far, held rows included, is written: for tests and orderly shutdown. */
    public void flush() {
        flushing.incrementAndGet();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((!queue.isEmpty() || busy || heldCount > 0) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
        } finally {
            flushing.decrementAndGet();
        }
    }

    private void writeLoop() {
        List<Pending> polled = new ArrayList<>();
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty() || !held.isEmpty()) {
            try {
                // While rows are held, wake up often enough to notice a flush or their time being up.
                Pending first = queue.poll(held.isEmpty() ? 200 : 10, TimeUnit.MILLISECONDS);
                busy = true;
                if (first != null) {
                    polled.add(first);
                    queue.drainTo(polled, MAX_BATCH - 1);
                }
                for (Pending pending : polled) {
                    if (pending.awaited()) {
                        batch.add(pending);
                    } else {
                        hold(pending);
                    }
                }
                if (heldAreDue()) {
                    batch.addAll(held);
                    held.clear();
                    heldCount = 0;
                }
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                polled.clear();
                batch.clear();
                busy = false;
            }
        }
    }

    private void hold(Pending pending) {
        if (held.isEmpty()) {
            heldSince = System.nanoTime();
        }
        held.add(pending);
        heldCount = held.size();
    }

    private boolean heldAreDue() {
        return !held.isEmpty() && (held.size() >= MAX_BATCH || flushing.get() > 0 || closed || System.nanoTime() - heldSince >= HOLD.toNanos());
    }

    private void write(List<Pending> batch) {
        Map<Table<?>, List<Pending>> byTable = new LinkedHashMap<>();
        for (Pending pending : batch) {
            byTable.computeIfAbsent(pending.table(), t -> new ArrayList<>()).add(pending);
        }
        try {
            transaction(byTable);
            batch.forEach(p -> p.written().complete(null));
        } catch (SQLException | RuntimeException together) {
            // Once more, each kind on its own: one kind's failure then leaves the others written, and a kind that
            // derived state from the failed transaction (the access log's head) starts afresh.
            for (Map.Entry<Table<?>, List<Pending>> table : byTable.entrySet()) {
                writeAlone(table.getKey(), table.getValue());
            }
        }
    }

    private void writeAlone(Table<?> table, List<Pending> pending) {
        for (int attempt = 1; ; attempt++) {
            try {
                transaction(Map.of(table, pending));
                pending.forEach(p -> p.written().complete(null));
                return;
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !table.collided(e)) {
                    fail(table, pending, e);
                    return;
                }
            } catch (RuntimeException e) {
                fail(table, pending, e);
                return;
            }
        }
    }

    private void transaction(Map<Table<?>, List<Pending>> byTable) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (Map.Entry<Table<?>, List<Pending>> table : byTable.entrySet()) {
                    writeRows(connection, table.getKey(), table.getValue());
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } finally {
                    byTable.keySet().forEach(Table::rolledBack);
                }
                throw e;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void writeRows(Connection connection, Table<T> table, List<Pending> pending) throws SQLException {
        List<T> rows = new ArrayList<>(pending.size());
        pending.forEach(p -> rows.add((T) p.row()));
        table.write(connection, rows);
    }

    private static void fail(Table<?> table, List<Pending> pending, Exception cause) {
        LOG.error("writing {} {} row(s) failed: {}", pending.size(), table.name(), cause.getMessage());
        PoolException failure = cause instanceof PoolException pool ? pool
                : new PoolException("writing " + table.name() + " failed", cause instanceof SQLException sql ? sql : null);
        pending.forEach(p -> p.written().completeExceptionally(failure));
    }

    /** Lets queued rows be written, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
