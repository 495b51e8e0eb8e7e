/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.poll;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.onceonly.schema.Operation;
import org.onceonly.source.BatchDelivery;
import org.onceonly.source.ChangeEnvelope;
import org.onceonly.source.ChangeHandler;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceKind;
import org.onceonly.source.SourceRunner;
import org.onceonly.source.SourceState;
import org.onceonly.source.SourceStatus;
import org.onceonly.source.TableSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures a department database that has no usable change log by polling each table over plain JDBC on
 * a watermark column plus key: every poll reads the rows after the last (watermark, key) handed on, in
 * that order, at most {@code poll.batchSize} at a time, and emits them as the same {@link ChangeEnvelope}s
 * the Debezium runner emits.
 *
 * <ul>
 *   <li>The first full pass over a table is the snapshot: its rows are {@code r}. Polling cannot tell an
 *       insert from an update, so every later row is {@code u} (the pool treats both as "this is the row
 *       now"). A row whose soft-delete column holds the deleted value is {@code d}, with the row as
 *       {@code before}. Rows deleted outright are not seen at all.</li>
 *   <li>A batch's offset is stored in the pool database only after the handler returned, so a crash
 *       before that re-delivers the batch, which the pool applies idempotently (same positions).</li>
 *   <li>One thread polls the tables in turn, a batch each, so a large first pass does not hold the
 *       others back; it pauses {@code poll.intervalMs} once every table is caught up.</li>
 * </ul>
 *
 * Plain JDBC rather than Camel's {@code sql} component: the query's parameters are a per-table cursor
 * that moves only after the pool accepted a batch, a failed batch must be retried as it is, and the
 * runner has no Camel context of its own; the component would need a context, a custom processing
 * strategy and Spring JDBC to do what a prepared statement does here.
 */
public final class JdbcPollSourceRunner implements SourceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPollSourceRunner.class);

    private final SourceDefinition definition;
    private final OffsetStorage offsetStorage;
    private final SourceStatus status;
    private final BatchDelivery delivery;
    private final ExecutorService executor;
    private HikariDataSource department;
    private PollOffsets offsets;
    // Set up on the polling thread (the department may be down when the hub starts) and used only there.
    private List<TableState> tables;

    /** A polled table and where polling it stands (the stored offset, once loaded). */
    private static final class TableState {
        final PolledTable table;
        PollCursor cursor;

        TableState(PolledTable table, PollCursor cursor) {
            this.table = table;
            this.cursor = cursor;
        }
    }

    public JdbcPollSourceRunner(SourceDefinition definition, OffsetStorage offsets, ChangeHandler handler) {
        this(definition, offsets, handler, new SourceStatus(definition.id()));
    }

    public JdbcPollSourceRunner(SourceDefinition definition, OffsetStorage offsets, ChangeHandler handler, SourceStatus status) {
        if (definition.kind() != SourceKind.JDBC_POLL) {
            throw new IllegalArgumentException("source " + definition.id() + " is kind " + definition.kind().id() + ", not jdbc-poll");
        }
        this.definition = definition;
        this.offsetStorage = offsets;
        this.status = status;
        this.delivery = new BatchDelivery(definition.id(), handler, status);
        status.polled();
        this.executor = BatchDelivery.sourceThread(definition.id());
    }

    @Override
    public SourceStatus status() {
        return status;
    }

    @Override
    public synchronized void start() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(definition.jdbcUrl());
        config.setUsername(definition.user());
        config.setPassword(definition.password().resolve());
        config.setPoolName("poll-" + definition.id());
        config.setMaximumPoolSize(1);
        config.setReadOnly(true);
        config.setConnectionTimeout(10_000);
        // The department may be down when the hub starts; the polling thread keeps trying instead.
        config.setInitializationFailTimeout(-1);
        department = new HikariDataSource(config);
        offsets = new PollOffsets(offsetStorage, definition.id());
        executor.execute(this::run);
        LOG.info("source {} ({}, department {}) started: {} table(s), every {} ms, {} rows a batch", definition.id(),
                definition.kind().id(), definition.department(), definition.tables().size(),
                definition.poll().interval().toMillis(), definition.poll().batchSize());
    }

    /** Polls until closed; a failure (department or pool unreachable, a table changed) is retried with back-off. */
    private void run() {
        Duration backoff = BatchDelivery.FIRST_BACKOFF;
        while (!delivery.isStopping()) {
            try {
                if (tables == null) {
                    tables = setUp();
                }
                boolean more = pollRound();
                if (!more && !delivery.isStopping()) {
                    status.passCompleted(); // every table read up to its end: the pool is this current
                }
                showState(tables);
                status.captureRecovered();
                backoff = BatchDelivery.FIRST_BACKOFF;
                if (!more && delivery.pause(definition.poll().interval())) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                status.captureFailing(e.getClass().getSimpleName() + ": " + e.getMessage());
                LOG.warn("source {}: polling failed, trying again in {} ms: {}", definition.id(), backoff.toMillis(), status.lastError());
                try {
                    if (delivery.pause(backoff)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(BatchDelivery.MAX_BACKOFF) > 0 ? BatchDelivery.MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Describes every table and loads its stored offset; {@code snapshot: never} starts a new table at its end. */
    private List<TableState> setUp() throws SQLException {
        offsets.createTable();
        List<TableState> states = new ArrayList<>();
        try (Connection connection = department.getConnection()) {
            for (TableSpec spec : definition.tables()) {
                PolledTable table = PolledTable.describe(connection, spec);
                PollCursor cursor = offsets.load(table.name()).map(table::restore).orElse(null);
                if (cursor == null && "never".equals(definition.snapshot())) {
                    List<PolledTable.Row> last = table.readLast(connection);
                    cursor = last.isEmpty() ? PollCursor.start().withInitialPassDone() : table.cursorAfter(last.get(0), true);
                    offsets.store(table.name(), table.store(cursor));
                }
                states.add(new TableState(table, cursor == null ? PollCursor.start() : cursor));
            }
        }
        showState(states);
        LOG.info("source {}: polling {}", definition.id(), states.stream()
                .map(s -> s.table.name() + (s.cursor.initialPassDone() ? "" : s.cursor.atStart() ? " (first pass)" : " (resuming first pass)"))
                .toList());
        return states;
    }

    /** One batch from each table in turn; true if any table had a full batch (more may be waiting). */
    private boolean pollRound() throws SQLException, InterruptedException {
        boolean more = false;
        for (TableState state : tables) {
            if (delivery.isStopping()) {
                return false;
            }
            more |= pollOnce(state);
        }
        return more;
    }

    private boolean pollOnce(TableState state) throws SQLException, InterruptedException {
        int batchSize = definition.poll().batchSize();
        Instant polledAt = Instant.now();
        List<PolledTable.Row> rows;
        // The connection is returned before delivery, so a slow or failing pool holds nothing in the department.
        try (Connection connection = department.getConnection()) {
            rows = state.table.readAfter(connection, state.cursor, batchSize);
        }
        boolean caughtUp = rows.size() < batchSize;
        boolean snapshot = !state.cursor.initialPassDone();
        if (rows.isEmpty()) {
            if (snapshot) {
                advance(state, state.cursor.withInitialPassDone());
                showState(tables);
            }
            return false;
        }
        List<ChangeEnvelope> batch = new ArrayList<>(rows.size());
        for (PolledTable.Row row : rows) {
            batch.add(envelope(state.table, row, snapshot, polledAt));
        }
        delivery.deliver(batch);
        advance(state, state.table.cursorAfter(rows.get(rows.size() - 1), !snapshot || caughtUp));
        ChangeEnvelope last = batch.get(batch.size() - 1);
        status.applied(batch.size(), last.source().position(), last.source().ts());
        showState(tables);
        return !caughtUp;
    }

    /** Stores the new cursor, then moves to it: if storing fails, the next poll reads the same rows again. */
    private void advance(TableState state, PollCursor next) throws SQLException {
        offsets.store(state.table.name(), state.table.store(next));
        if (next.initialPassDone() && !state.cursor.initialPassDone()) {
            LOG.info("source {}: first pass over {} complete", definition.id(), state.table.name());
        }
        state.cursor = next;
    }

    private ChangeEnvelope envelope(PolledTable table, PolledTable.Row row, boolean snapshot, Instant polledAt) {
        Instant ts = table.watermarkKind().instant(row.watermark(), definition.poll().timeZone()).orElse(polledAt);
        Operation op = row.deleted() ? Operation.DELETE : snapshot ? Operation.READ : Operation.UPDATE;
        return new ChangeEnvelope(op, row.deleted() ? row.image() : null, row.deleted() ? null : row.image(), row.key(),
                new ChangeEnvelope.Source(definition.id(), definition.department(), table.name(), table.position(row), ts, snapshot));
    }

    private void showState(List<TableState> states) {
        if (states != null) {
            status.state(states.stream().allMatch(s -> s.cursor.initialPassDone()) ? SourceState.STREAMING : SourceState.SNAPSHOTTING);
        }
    }

    /** Stops polling: a back-off wait ends at once, a batch being handed on is waited for. */
    @Override
    public synchronized void close() {
        delivery.stop();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (department != null) {
            department.close();
        }
        if (offsets != null) {
            offsets.close();
        }
        status.state(SourceState.STOPPED);
        LOG.info("source {} stopped", definition.id());
    }
}
