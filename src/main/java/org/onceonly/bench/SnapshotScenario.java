/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import java.time.Duration;
import org.onceonly.hub.Hub;

/**
 * The initial snapshot of {@code rows} residents: first the plain engine over the table into a consumer
 * that does nothing, then the hub (engine, route, validation, pool, golden records) over the same table,
 * with its heap sampled throughout. Both clocks start at the engine's start and stop at the last row.
 */
final class SnapshotScenario implements Scenario {
    @Override
    public String name() {
        return "snapshot";
    }

    @Override
    public void run(BenchRun run, BenchResults results) throws Exception {
        long rows = run.options().rows();
        Duration patience = Duration.ofSeconds(120 + rows / 500);

        long start = System.nanoTime();
        double rawPerSecond;
        try (RawEngine raw = RawEngine.start(run.rawSource(), run.rawOffsets("snapshot"), run.batching(), "initial")) {
            if (!raw.awaitRecords(rows, patience)) {
                throw new IllegalStateException("the plain engine read " + raw.records() + " of " + rows + " rows in " + patience);
            }
            rawPerSecond = rows / seconds(start);
        }
        run.department().dropSlot(run.rawSource().objectName());
        run.say("snapshot: plain Debezium engine %,.0f rows/s", rawPerSecond);

        System.gc(); // the peak should be the hub's, not garbage left by the baseline
        Hub hub = run.hub();
        long before = run.hubProcessed();
        double hubPerSecond;
        long peakHeap;
        try (HeapPeak heap = new HeapPeak()) {
            start = System.nanoTime();
            hub.add(run.hubSource());
            if (!Waits.until(() -> run.hubProcessed() - before >= rows, patience)) {
                throw new IllegalStateException("the hub applied " + (run.hubProcessed() - before) + " of " + rows
                        + " rows in " + patience + " (source state " + hub.sourceStatus(run.hubSource().id()).state() + ")");
            }
            hubPerSecond = rows / seconds(start);
            peakHeap = heap.peakMegabytes();
        }
        long quarantined = hub.writer().quarantinedCount();
        if (quarantined > 0) {
            run.say("snapshot: warning: %d rows were quarantined", quarantined);
        }
        run.say("snapshot: hub %,.0f rows/s into the pool with golden records; peak heap %d MB (max heap %d MB)",
                hubPerSecond, peakHeap, HeapPeak.maxHeapMegabytes());
        results.snapshot(rows, hubPerSecond, rawPerSecond);
        results.memory(peakHeap);
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
