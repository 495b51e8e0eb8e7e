/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.source.SourceRecord;
import org.onceonly.schema.CompletedSnapshot;
import org.onceonly.schema.Operation;
import org.onceonly.source.BatchDelivery;
import org.onceonly.source.Batching;
import org.onceonly.source.ChangeEnvelope;
import org.onceonly.source.ChangeHandler;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceRunner;
import org.onceonly.source.SourceState;
import org.onceonly.source.SourceStatus;
import org.onceonly.source.TableSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures one department database with the Debezium embedded engine: initial snapshot, then streaming.
 * Each batch goes to the {@link ChangeHandler}; offsets are marked processed only after the handler
 * returns, so a crash before that re-delivers the batch (the pool applies it idempotently).
 */
public final class DebeziumSourceRunner implements SourceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DebeziumSourceRunner.class);

    private final SourceDefinition definition;
    private final OffsetStorage offsets;
    private final Batching batching;
    private final SourceStatus status;
    private final BatchDelivery delivery;
    private final ConnectChangeEvents events;
    private final ExecutorService executor;
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    // The engine's name in Debezium's log context (topic.prefix), under which it reports skipped DDL.
    private String logicalName;
    private volatile java.util.function.Consumer<Throwable> failureListener = error -> { };

    public DebeziumSourceRunner(SourceDefinition definition, OffsetStorage offsets, ChangeHandler handler) {
        this(definition, offsets, Batching.DEFAULT, handler, new SourceStatus(definition.id()));
    }

    public DebeziumSourceRunner(SourceDefinition definition, OffsetStorage offsets, Batching batching, ChangeHandler handler,
                                SourceStatus status) {
        this.batching = batching;
        this.definition = definition;
        this.offsets = offsets;
        this.status = status;
        this.delivery = new BatchDelivery(definition.id(), handler, status);
        this.events = new ConnectChangeEvents(definition.id(), definition.department(), definition.kind());
        this.executor = BatchDelivery.sourceThread(definition.id());
    }

    @Override
    public SourceStatus status() {
        return status;
    }

    @Override
    public synchronized void start() {
        Properties properties = DebeziumProperties.of(definition, offsets, batching);
        if (definition.kind() == org.onceonly.source.SourceKind.POSTGRES) {
            if (PostgresHeartbeat.permitted(definition)) {
                DebeziumProperties.writeHeartbeat(properties, definition);
            } else {
                // Capture works without it; only an idle database's slot then keeps other databases' WAL.
                LOG.warn("source {}: {} may not execute pg_logical_emit_message, so the slot of a quiet database does not "
                        + "advance (onceonly source check {} shows the grant)", definition.id(), definition.user(), definition.id());
            }
        }
        boolean fresh = !hasStoredOffsetsOrUnknown();
        boolean loadTablesIncrementally = "incremental".equals(definition.snapshot()) && fresh;
        if (fresh && !"never".equals(definition.snapshot())) {
            status.snapshotRestarted(); // the engine reads the tables first: snapshotting from the start, not "starting"
        }
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(properties)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void pollingStarted() {
                        // The connector's task has started: connected. A source with nothing new to read is
                        // streaming from here on, not starting (issue 17).
                        if (status.stateAsSet() == SourceState.STARTING) {
                            status.state(SourceState.STREAMING);
                        }
                        // First start of an incremental source: load every table in resumable chunks. Later
                        // starts find the snapshot's progress in the stored offsets and Debezium resumes it.
                        if (loadTablesIncrementally) {
                            resnapshotInPlace(definition.tables().stream().map(TableSpec::name).toList());
                        }
                    }
                })
                .using((success, message, error) -> {
                    if (success || delivery.isStopping()) {
                        status.state(SourceState.STOPPED);
                    } else {
                        Throwable cause = error != null ? error : new IllegalStateException(message);
                        status.failed(cause);
                        LOG.error("source {} stopped: {}", definition.id(), status.lastError());
                        failureListener.accept(cause);
                    }
                })
                .notifying(this::handleBatch)
                .build();
        if (definition.kind().readsBinlog()) {
            logicalName = properties.getProperty("topic.prefix");
            UnparseableDdl.listen(logicalName, definition.host(), definition.port(), statement -> {
                status.ddlSkipped(statement);
                if (namesCapturedTable(statement)) {
                    LOG.warn("source {}: skipped a DDL statement the parser cannot read, capture goes on, but it names a captured"
                            + " table whose columns the hub may now know wrongly (re-snapshot the table if it changed them): {}",
                            definition.id(), status.lastSkippedDdl());
                } else {
                    // Statements for other objects (the demo's own CREATE DATABASE ... COMMENT) change nothing captured.
                    LOG.info("source {}: skipped a DDL statement the parser cannot read; it names no captured table: {}",
                            definition.id(), status.lastSkippedDdl());
                }
            });
        }
        executor.execute(engine);
        LOG.info("source {} ({}, department {}) started", definition.id(), definition.kind().id(), definition.department());
        if (definition.kind().readsBinlog()) {
            // The DBA needs this id: no other replica of the server may use it.
            LOG.info("source {} reads the binlog as replica server id {}", definition.id(), properties.getProperty("database.server.id"));
        }
    }

    @Override
    public void whenFailed(java.util.function.Consumer<Throwable> listener) {
        failureListener = listener;
    }

    /** As {@link #hasStoredOffsets()}, true when the pool cannot be asked (the engine then says what it does). */
    private boolean hasStoredOffsetsOrUnknown() {
        try {
            return hasStoredOffsets();
        } catch (IllegalStateException unknown) {
            return true;
        }
    }

    /** Whether this source has stored offsets in the pool (its offsets table exists and has a row). */
    private boolean hasStoredOffsets() {
        java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", offsets.user());
        credentials.setProperty("password", offsets.password());
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(offsets.jdbcUrl(), credentials);
             java.sql.PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
            select.setString(1, definition.objectName() + "_offsets");
            try (java.sql.ResultSet row = select.executeQuery()) {
                row.next();
                if (row.getLong(1) == 0) {
                    return false;
                }
            }
            // The table name is ours: objectName() is lower-case letters, digits and underscores.
            try (java.sql.ResultSet rows = connection.createStatement().executeQuery(
                    "SELECT count(*) FROM " + definition.objectName() + "_offsets")) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the stored offsets of " + definition.id() + ": " + e.getMessage(), e);
        }
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                             DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        ConnectChangeEvents.Converted converted = events.convert(records.stream().map(RecordChangeEvent::record).toList());
        List<ChangeEnvelope> envelopes = converted.envelopes();
        ChangeEnvelope ended = converted.snapshotEnd(); // one of the envelopes, so it ends a non-empty batch
        if (!envelopes.isEmpty()) {
            ChangeEnvelope last = envelopes.get(envelopes.size() - 1);
            // The snapshot's last record: after the batch, the pool retires the rows the snapshot did not read.
            // The snapshot's own position, not the batch's last: changes streamed after the snapshot's end may
            // share its batch, and the rows the snapshot read are older than those.
            delivery.deliver(envelopes, ended == null ? null : new CompletedSnapshot(definition.id(),
                    definition.tables().stream().map(TableSpec::name).toList(), ended.source().position(), ended.source().ts()));
            // Counted as snapshot rows while the state says so; Debezium marks the snapshot's final record
            // "last", and streaming follows it.
            status.state(last.source().snapshot() ? SourceState.SNAPSHOTTING : SourceState.STREAMING);
            status.applied(envelopes.size(), last.source().position(), last.source().ts());
            status.captureRecovered(); // changes arrive: the source is being read
            if (ended != null) {
                status.state(SourceState.STREAMING);
            }
        }
        for (RecordChangeEvent<SourceRecord> event : records) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /**
     * Asks the running engine for an incremental (chunked, resumable) snapshot of tables while streaming
     * goes on. Debezium needs a signal table in the source for its watermarks ({@code signal.data.collection}).
     */
    @Override
    public synchronized boolean resnapshotInPlace(List<String> tables) {
        if (!definition.options().containsKey("signal.data.collection")) {
            throw new IllegalStateException("re-snapshot needs a signal table: set options.signal.data.collection"
                    + " (see docs/connectors.md, Re-snapshot)");
        }
        if (engine == null) {
            throw new IllegalStateException("source " + definition.id() + " is not running");
        }
        String data = "{\"data-collections\": [" + tables.stream().map(t -> "\"" + t.replace("\"", "") + "\"")
                .collect(java.util.stream.Collectors.joining(", ")) + "], \"type\": \"incremental\"}";
        engine.getSignaler().signal(new DebeziumEngine.Signal(java.util.UUID.randomUUID().toString(), "execute-snapshot", data, java.util.Map.of()));
        status.snapshotRestarted();
        LOG.info("source {}: incremental snapshot of {} requested", definition.id(), tables);
        return true;
    }

    /**
     * Closes the engine. While its tasks are starting the engine refuses ("Cannot stop engine while tasks are
     * starting"), and the executor would then wait for it to run on by itself; tasks start within seconds, so
     * the close is tried again until {@link #CLOSE_RETRIES} run out.
     */
    private void closeEngine() {
        for (int attempt = 1; ; attempt++) {
            try {
                engine.close();
                return;
            } catch (IOException e) {
                LOG.warn("source {}: closing the engine failed: {}", definition.id(), e.getMessage());
                return;
            } catch (IllegalStateException refused) {
                boolean starting = String.valueOf(refused.getMessage()).contains("while tasks are starting");
                if (!starting || attempt >= CLOSE_RETRIES) {
                    return; // it stopped on an error of its own before (nothing left to close), or never finished starting
                }
                try {
                    Thread.sleep(CLOSE_RETRY_WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static final int CLOSE_RETRIES = 300;
    private static final long CLOSE_RETRY_WAIT_MS = 100;

    @Override
    public synchronized void close() {
        delivery.stop();
        if (engine != null) {
            closeEngine();
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (logicalName != null) {
            UnparseableDdl.forget(logicalName);
        }
        status.state(SourceState.STOPPED);
        LOG.info("source {} stopped", definition.id());
    }

    /** Whether {@code statement} names one of the source's tables (by its bare name, as a whole word). */
    private boolean namesCapturedTable(String statement) {
        String lower = statement.toLowerCase(java.util.Locale.ROOT);
        return definition.tables().stream().map(table -> table.name().substring(table.name().lastIndexOf('.') + 1))
                .anyMatch(name -> java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name.toLowerCase(java.util.Locale.ROOT))
                        + "\\b").matcher(lower).find());
    }
}
