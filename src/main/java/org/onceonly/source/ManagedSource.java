/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registered source under the hub's control: started, paused (its runner stopped, its offsets kept,
 * so the source's log retains what comes meanwhile), resumed (a new runner from the stored offsets),
 * re-snapshotted, or removed (stopped for good, its replication slot and offsets dropped). Its status
 * lives across runners, and a probe watches lag and retained WAL.
 */
public final class ManagedSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedSource.class);

    private final SourceDefinition definition;
    private final OffsetStorage offsets;
    private final Batching batching;
    private final ChangeHandler handler;
    private final SourceRunner.Factory runners;
    private final SourceStatus status;
    private final long walWarningBytes;
    private final ScheduledExecutorService probing;
    private SourceRunner runner;
    private String runnerSecret;
    // Consecutive probes that found the capture not connected: one may fall in a reconnect's gap, two do not.
    private int disconnectedProbes;
    private java.time.Duration restartBackoff = FIRST_RESTART_BACKOFF;
    private java.time.Instant lastRestart = java.time.Instant.EPOCH;
    static final java.time.Duration FIRST_RESTART_BACKOFF = java.time.Duration.ofSeconds(1);
    static final java.time.Duration MAX_RESTART_BACKOFF = java.time.Duration.ofMinutes(5);

    public ManagedSource(SourceDefinition definition, OffsetStorage offsets, Batching batching, ChangeHandler handler,
                         SourceRunner.Factory runners, long walWarningBytes, int probeIntervalSeconds) {
        this.definition = definition;
        this.offsets = offsets;
        this.batching = batching;
        this.handler = handler;
        this.runners = runners;
        this.status = new SourceStatus(definition.id());
        this.walWarningBytes = walWarningBytes;
        this.probing = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "probe-" + definition.id());
            thread.setDaemon(true);
            return thread;
        });
        if (definition.kind() != SourceKind.JDBC_POLL) {
            probing.scheduleWithFixedDelay(this::probe, 0, probeIntervalSeconds, TimeUnit.SECONDS);
        }
    }

    public SourceDefinition definition() {
        return definition;
    }

    public SourceStatus status() {
        return status;
    }

    /** Retained WAL above which the source warns ({@code watch.walWarningMb}). */
    public long walWarningBytes() {
        return walWarningBytes;
    }

    public synchronized void start() {
        if (runner != null) {
            return;
        }
        SourceRunner started = runners.create(definition, offsets, batching, handler, status);
        started.whenFailed(error -> restartLater(started, error));
        runnerSecret = currentSecret();
        runner = started;
        status.state(SourceState.STARTING); // until the runner says what it does: snapshotting or streaming
        runner.start();
    }

    /** The secret as its reference resolves now (a rotated file is read again), or null when it does not resolve. */
    private String currentSecret() {
        try {
            return definition.password().resolve();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * A capture engine keeps the password it started with and retries with it for as long as its database
     * refuses it. When the capture is failing and the secret reference now resolves to another password (the
     * DBA rotated it and the operator updated the file or variable), the capture starts again with it.
     */
    private synchronized void restartIfSecretChanged() {
        if (runner == null || !status.captureFailing()) {
            return;
        }
        String secret = currentSecret();
        if (secret == null || secret.equals(runnerSecret)) {
            return;
        }
        LOG.info("source {}: its secret ({}) changed while the capture was failing; restarting the capture with it",
                definition.id(), definition.password());
        SourceRunner failing = runner;
        restart(failing);
    }

    /**
     * A runner that stopped on an error (its engine gave up: an error it does not retry, or one it retried
     * too often) is replaced by a fresh one from the stored offsets, after a back-off of 1 s doubling to
     * 5 min, so that a fault the DBA fixes clears without restarting the hub. Meanwhile the source is
     * RETRYING, with the error.
     */
    private synchronized void restartLater(SourceRunner failed, Throwable error) {
        if (runner != failed || probing.isShutdown()) {
            return; // paused, resumed or removed meanwhile
        }
        java.time.Instant now = java.time.Instant.now();
        if (java.time.Duration.between(lastRestart, now).compareTo(MAX_RESTART_BACKOFF.multipliedBy(2)) > 0) {
            restartBackoff = FIRST_RESTART_BACKOFF; // the last restart held for a good while: start over
        }
        java.time.Duration wait = restartBackoff;
        restartBackoff = BatchDelivery.doubled(restartBackoff, MAX_RESTART_BACKOFF);
        status.state(SourceState.STARTING);
        status.captureFailing("capture stopped (" + error.getClass().getSimpleName() + ": " + error.getMessage()
                + "); restarting in " + wait.toSeconds() + " s");
        LOG.warn("source {}: capture stopped, restarting in {} s: {}", definition.id(), wait.toSeconds(), status.lastError());
        probing.schedule(() -> restart(failed), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart(SourceRunner failed) {
        if (runner != failed) {
            return;
        }
        lastRestart = java.time.Instant.now();
        try {
            failed.close();
        } catch (RuntimeException e) {
            LOG.warn("source {}: closing the stopped capture failed: {}", definition.id(), e.getMessage());
        }
        runner = null;
        start();
        LOG.info("source {}: capture restarted", definition.id());
    }

    /** Stops capture and keeps the offsets; the source's log keeps what changes meanwhile. */
    public synchronized void pause() {
        if (runner == null) {
            return;
        }
        runner.close();
        runner = null;
        status.state(SourceState.STOPPED);
        LOG.info("source {} paused", definition.id());
    }

    public synchronized void resume() {
        if (runner != null) {
            return;
        }
        start();
        LOG.info("source {} resumed", definition.id());
    }

    public synchronized boolean running() {
        return runner != null;
    }

    /**
     * Reads tables again while streaming goes on: for change-log sources an incremental (chunked,
     * resumable) snapshot signalled to the engine; for polled sources a new full pass of those tables.
     */
    public synchronized void resnapshot(List<String> tables) {
        for (String table : tables) {
            if (definition.tables().stream().noneMatch(t -> t.name().equals(table))) {
                throw new IllegalArgumentException("source " + definition.id() + " does not capture " + table);
            }
        }
        if (runner != null && runner.resnapshotInPlace(tables)) {
            return;
        }
        boolean wasRunning = runner != null;
        pause();
        runners.forgetProgress(definition, offsets, tables);
        if (wasRunning) {
            resume();
        }
    }

    /**
     * Stops for good and drops what the hub created for this source: its PostgreSQL slot, its stored
     * offsets and (binlog kinds) its schema history.
     */
    public synchronized void remove() {
        pause();
        probing.shutdownNow();
        if (definition.kind() == SourceKind.POSTGRES) {
            try {
                boolean dropped = new SlotProbe(definition).dropSlot();
                LOG.info("source {}: replication slot {} {}", definition.id(), definition.objectName(), dropped ? "dropped" : "not found");
            } catch (SQLException e) {
                throw new IllegalStateException("source " + definition.id() + " stopped, but its replication slot "
                        + definition.objectName() + " could not be dropped: " + e.getMessage()
                        + " (drop it as the DBA: SELECT pg_drop_replication_slot('" + definition.objectName() + "');)");
            }
        }
        dropOffsets();
        status.state(SourceState.STOPPED);
    }

    private void dropOffsets() {
        if (definition.kind() == SourceKind.JDBC_POLL) {
            runners.forgetProgress(definition, offsets, definition.tables().stream().map(TableSpec::name).toList());
            return;
        }
        Properties properties = new Properties();
        properties.setProperty("user", offsets.user());
        properties.setProperty("password", offsets.password());
        try (Connection connection = DriverManager.getConnection(offsets.jdbcUrl(), properties);
             Statement statement = connection.createStatement()) {
            // The table name is ours: objectName() is lower-case letters, digits and underscores.
            statement.execute("DROP TABLE IF EXISTS " + definition.objectName() + "_offsets");
            statement.execute("DROP TABLE IF EXISTS " + definition.objectName() + "_schema_history");
        } catch (SQLException e) {
            throw new IllegalStateException("dropping the offsets of " + definition.id() + " failed: " + e.getMessage(), e);
        }
    }

    private void probe() {
        if (definition.kind().readsBinlog()) {
            probeBinlog();
        } else {
            probeSlot();
        }
        restartIfSecretChanged();
    }

    private void probeSlot() {
        try {
            SlotProbe probe = new SlotProbe(definition);
            if (status.snapshotRowsTotal() < 0) {
                status.snapshotRowsTotal(probe.estimatedRows());
            }
            SlotProbe.SlotState slot = probe.slot();
            // An inactive slot under a running capture means Debezium is not reading it (it is reconnecting);
            // before the slot exists, or while the snapshot reads tables, there is nothing to tell.
            captureSeen(!slot.exists() || slot.active() || status.state() == SourceState.SNAPSHOTTING);
            String warning = null;
            if (slot.exists() && slot.retainedBytes() > walWarningBytes) {
                warning = "replication slot " + definition.objectName() + " retains " + size(slot.retainedBytes())
                        + " of WAL (limit " + size(walWarningBytes) + ")"
                        + (running() ? "" : " while the source is not running: resume or remove it");
                if (status.warning() == null) {
                    LOG.warn("source {}: {}", definition.id(), warning); // once when it starts, not at every probe
                }
            } else if (slot.exists() && slot.active() && !running()) {
                warning = "replication slot " + definition.objectName() + " is in use by another consumer";
            }
            status.probed(slot.bytesBehind(), slot.retainedBytes(), warning);
        } catch (SQLException | RuntimeException e) {
            status.probed(-1, -1, "cannot probe the source: " + e.getClass().getSimpleName());
            captureUnreachable(e);
        }
    }

    private void probeBinlog() {
        try {
            captureSeen(new BinlogProbe(definition).replicaConnected() || status.state() == SourceState.SNAPSHOTTING);
        } catch (SQLException | RuntimeException e) {
            captureUnreachable(e);
        }
    }

    /** What a probe found; only a running capture can be out of reach. */
    private synchronized void captureSeen(boolean connected) {
        if (connected) {
            disconnectedProbes = 0;
            if (status.captureFailing()) {
                status.captureRecovered();
            }
            return;
        }
        disconnectedProbes++;
        if (runner != null && disconnectedProbes >= 2) {
            status.captureFailing("the capture is not connected to " + definition.host() + ":" + definition.port()
                    + " (the engine is reconnecting; see the hub's log)");
        }
    }

    private synchronized void captureUnreachable(Exception error) {
        if (runner != null) {
            status.captureFailing("cannot reach " + definition.host() + ":" + definition.port() + ": "
                    + error.getClass().getSimpleName() + ": " + error.getMessage());
        }
    }

    private static String size(long bytes) {
        return bytes >= 1024L * 1024 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    }

    @Override
    public synchronized void close() {
        probing.shutdownNow();
        if (runner != null) {
            runner.close();
            runner = null;
        }
    }
}
