/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.onceonly.source.ManagedSource;

/**
 * Streaming after the snapshot, in two parts.
 * <ul>
 *   <li>Throughput: a burst of {@code events} updates (1,000 rows per transaction) while an engine
 *       streams; the clock runs from the first update to the last event handled. First the plain engine
 *       (the hub's source paused), then the hub.</li>
 *   <li>Latency: {@code events} single-row updates, each its own transaction, offered at a steady rate by
 *       four department connections; every {@code n}-th goes to a row reserved for sampling, and a poller
 *       asks the pool API until the new value is served: that is the commit-to-visibility latency.</li>
 * </ul>
 */
final class StreamingScenario implements Scenario {
    private static final int ROWS_PER_TRANSACTION = 1_000;
    private static final int WRITERS = 4;
    private static final int SAMPLES_PER_SECOND = 50;
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    @Override
    public String name() {
        return "streaming";
    }

    @Override
    public void run(BenchRun run, BenchResults results) throws Exception {
        int events = run.options().events();
        ManagedSource source = run.hub().source(run.hubSource().id());

        long beforePause = run.hubProcessed();
        source.pause();
        double rawPerSecond;
        try (RawEngine raw = RawEngine.start(run.rawSource(), run.rawOffsets("streaming"), run.batching(), "no_data")) {
            raw.awaitStarted(Duration.ofMinutes(1));
            // One warm-up change proves the slot streams before the clock starts.
            burst(run, "raw-warm-", 1);
            if (!raw.awaitRecords(1, Duration.ofMinutes(1))) {
                throw new IllegalStateException("the plain engine does not stream");
            }
            long start = System.nanoTime();
            burst(run, "raw-", events);
            if (!raw.awaitRecords(1 + events, PATIENCE)) {
                throw new IllegalStateException("the plain engine streamed " + (raw.records() - 1) + " of " + events + " events");
            }
            rawPerSecond = events / SnapshotScenario.seconds(start);
        }
        run.department().dropSlot(run.rawSource().objectName());
        run.say("streaming: plain Debezium engine %,.0f events/s", rawPerSecond);

        // The hub's slot kept what changed while it was paused: let it catch up first.
        source.resume();
        long caughtUp = beforePause + 1 + events;
        awaitHub(run, caughtUp, "catching up after the pause");
        long start = System.nanoTime();
        burst(run, "hub-", events);
        awaitHub(run, caughtUp + events, "the burst");
        double hubPerSecond = events / SnapshotScenario.seconds(start);
        run.say("streaming: hub %,.0f events/s into the pool", hubPerSecond);

        Offered offered = offer(run, events);
        awaitHub(run, caughtUp + 2L * events, "the offered load");
        run.say("streaming: offered %,.0f events/s; commit-to-API latency p50 %s ms, p99 %s ms (%d samples, %d not seen)",
                offered.perSecond(), offered.latency().percentileMillis(50), offered.latency().percentileMillis(99),
                offered.latency().count(), offered.unseen());
        results.streaming(events, offered.perSecond(), hubPerSecond, rawPerSecond, offered.latency());
    }

    private static void awaitHub(BenchRun run, long processed, String what) throws InterruptedException {
        if (!Waits.until(() -> run.hubProcessed() >= processed, PATIENCE)) {
            throw new IllegalStateException("the hub did not finish " + what + ": " + run.hubProcessed() + " of " + processed);
        }
    }

    /** {@code events} updates as fast as the department takes them, 1,000 rows per transaction, cycling through the table. */
    private static void burst(BenchRun run, String tag, int events) throws SQLException {
        long rows = run.options().rows();
        try (Connection connection = run.department().connect()) {
            long done = 0;
            while (done < events) {
                long first = done % rows + 1;
                long last = Math.min(rows, first + Math.min(ROWS_PER_TRANSACTION, events - done) - 1);
                run.department().moveRange(connection, tag, first, last);
                done += last - first + 1;
            }
        }
    }

    record Offered(double perSecond, Latencies latency, int unseen) {}

    private record Sample(String subject, String address, long committedNanos) {}

    /** Offers {@code events} single-row updates at the configured rate and measures sampled commit-to-API latencies. */
    private static Offered offer(BenchRun run, int events) throws Exception {
        int rate = run.options().offeredPerSecond();
        long rows = run.options().rows();
        // Sampled rows are reserved so that no other update overwrites a value before the poller sees it.
        long sampledRows = Math.max(1, Math.min(rows / 2, 10_000));
        int sampleEvery = Math.max(1, rate / SAMPLES_PER_SECOND);
        ConcurrentLinkedQueue<Sample> pending = new ConcurrentLinkedQueue<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                Random random = new Random(writer);
                try (Connection connection = run.department().connect();
                     PreparedStatement update = connection.prepareStatement(
                             "UPDATE " + BenchDepartment.TABLE + " SET hjdz = ?, gxsj = now() WHERE id = ?")) {
                    for (int i = writer; i < events; i += WRITERS) {
                        long due = start + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        boolean sampled = i % sampleEvery == 0;
                        long id = sampled ? (i / sampleEvery) % sampledRows + 1
                                : sampledRows >= rows ? 1 + random.nextInt((int) rows) : sampledRows + 1 + (long) (random.nextDouble() * (rows - sampledRows));
                        String address = "offered-" + i;
                        update.setString(1, address);
                        update.setLong(2, id);
                        update.executeUpdate();
                        if (sampled) {
                            pending.add(new Sample(BenchDepartment.identityNumber(id), address, System.nanoTime()));
                        }
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-offer-" + w);
            writers.add(thread);
            thread.start();
        }
        Latencies latency = new Latencies();
        Thread poller = new Thread(() -> poll(run.http(), pending, latency, writers), "bench-latency-poller");
        poller.start();
        for (Thread thread : writers) {
            thread.join();
        }
        double perSecond = events / SnapshotScenario.seconds(start);
        poller.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Offered(perSecond, latency, pending.size());
    }

    /**
     * Asks the API for the oldest pending sample until its value is served, then the next at once. Changes
     * of one source are applied in commit order, so a later sample is never served before an earlier one
     * and one request at a time suffices: the poller adds little load, and at most one request's time to
     * a latency. Gives up a minute after a sample's commit.
     */
    private static void poll(HubHttp http, ConcurrentLinkedQueue<Sample> pending, Latencies latency, List<Thread> writers) {
        long giveUpNanos = Duration.ofMinutes(1).toNanos();
        while (writers.stream().anyMatch(Thread::isAlive) || !pending.isEmpty()) {
            Sample sample = pending.peek();
            if (sample != null) {
                HubHttp.Reply reply = http.send(http.get("/v1/subjects/" + sample.subject() + "/person"));
                long now = System.nanoTime();
                JsonNode address = reply.json().path("fields").path("registeredAddress").path("value");
                if (sample.address().equals(address.asText())) {
                    latency.add(now - sample.committedNanos());
                    pending.poll();
                    continue;
                }
                if (now - sample.committedNanos() > giveUpNanos) {
                    return; // what is left is reported as not seen
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
