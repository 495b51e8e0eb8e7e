/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.onceonly.source.Batching;
import org.onceonly.source.debezium.DebeziumProperties;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.SourceDefinition;

/**
 * The baseline: the plain Debezium embedded engine, configured as the hub configures its own (same
 * connector, publication, batch and queue sizes, Connect records), into a consumer that only counts and
 * acknowledges. Offsets go to a local file, the plain engine's usual store.
 */
final class RawEngine implements AutoCloseable {
    private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-raw-engine"));
    private final AtomicLong records = new AtomicLong();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Throwable failure;

    private RawEngine(Properties properties) {
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(properties)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void pollingStarted() {
                        started.countDown();
                    }
                })
                .using((success, message, error) -> {
                    if (!success) {
                        failure = error != null ? error : new IllegalStateException(message);
                    }
                    started.countDown();
                })
                .notifying(this::handleBatch)
                .build();
    }

    /** Starts the engine; {@code snapshotMode} is Debezium's ({@code initial}, {@code no_data}). */
    static RawEngine start(SourceDefinition source, Path offsetFile, Batching batching, String snapshotMode) {
        Properties properties = DebeziumProperties.of(source, new OffsetStorage("unused", "unused", "unused"), batching);
        properties.stringPropertyNames().stream().filter(key -> key.startsWith("offset.storage.jdbc.")).toList()
                .forEach(properties::remove);
        properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        properties.setProperty("offset.storage.file.filename", offsetFile.toString());
        properties.setProperty("offset.flush.interval.ms", "10000");
        properties.setProperty("snapshot.mode", snapshotMode);
        RawEngine raw = new RawEngine(properties);
        raw.thread.execute(raw.engine);
        return raw;
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
                             DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        long rows = 0;
        for (RecordChangeEvent<SourceRecord> event : batch) {
            if (event.record().value() != null) {
                rows++;
            }
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
        records.addAndGet(rows);
    }

    long records() {
        return records.get();
    }

    /** Waits until the connector polls (snapshot or stream begins); throws if the engine failed. */
    void awaitStarted(Duration patience) throws InterruptedException {
        if (!started.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the plain Debezium engine did not start within " + patience);
        }
        checkHealthy();
    }

    /** Waits until at least {@code count} row events arrived; returns false on time-out. */
    boolean awaitRecords(long count, Duration patience) throws InterruptedException {
        return Waits.until(() -> {
            checkHealthy();
            return records.get() >= count;
        }, patience);
    }

    private void checkHealthy() {
        if (failure != null) {
            throw new IllegalStateException("the plain Debezium engine stopped: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() {
        try {
            engine.close();
        } catch (IOException e) {
            throw new IllegalStateException("closing the plain engine failed: " + e.getMessage(), e);
        }
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
