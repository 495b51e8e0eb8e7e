/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.onceonly.identity.CitizenId;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.Operation;
import org.onceonly.testkit.TestPool;

/**
 * Whatever order several sources' change streams interleave in, however often a source re-delivers from
 * an earlier offset (at-least-once after a crash), and however the changes are cut into batches, the pool
 * ends with the same golden records, conflicts and history as applying each change exactly once; also when
 * several writers (hubs) deliver all of it at once, in batches that overlap in rows and subjects.
 */
class ConvergenceProperties {
    private static final String[] DEPARTMENTS = {"public-security", "social-security", "civil-affairs"};
    private static final String[] SUBJECTS = subjects();
    private static TestPool database;
    private static PoolFixture pool;

    /** jqwik has no JUnit Jupiter extensions: the kit's pool database is taken and dropped by hand. */
    @BeforeContainer
    static void start() {
        database = TestPool.create();
        pool = new PoolFixture(database);
    }

    @AfterContainer
    static void stop() {
        pool.close();
        database.close();
    }

    /** Once failed: a re-delivered identical record moved its contribution's time but left the golden record as it was. */
    @net.jqwik.api.Example
    void anIdenticalRecordAtANewerPositionConverges() {
        interleavingRedeliveryAndBatchingDoNotChangeTheOutcome(175812L);
    }

    @Property(tries = 40)
    void interleavingRedeliveryAndBatchingDoNotChangeTheOutcome(@ForAll long seed) {
        Random random = new Random(seed);
        List<List<CanonicalChange>> streams = streams(random);
        Snapshot once = appliedOnceEach(streams);

        pool.empty();
        deliverAtLeastOnce(random, streams, pool.writer);
        Snapshot delivered = snapshot();

        assertThat(delivered.golden()).as("golden records, seed %d", seed).isEqualTo(once.golden());
        assertThat(delivered.conflicts()).as("conflicts, seed %d", seed).isEqualTo(once.conflicts());
        assertThat(delivered.history()).as("history, seed %d", seed).isEqualTo(once.history());
    }

    /**
     * Four writers at once, each delivering every source's stream interleaved in its own way (its own batches,
     * rewinds and order of sources), so that their batches lock overlapping rows and change the same subjects
     * concurrently: no deadlock, no lost update, the same outcome as one writer applying each change once.
     */
    @Property(tries = 15)
    void fourConcurrentWritersEndAsOneWriterApplyingEachChangeOnce(@ForAll long seed) throws Exception {
        List<List<CanonicalChange>> streams = streams(new Random(seed));
        Snapshot once = appliedOnceEach(streams);

        pool.empty();
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Random own = new Random(seed * 31 + w);
                PoolWriter writer = new PoolWriter(pool.database.dataSource(), pool.registry);
                done.add(writers.submit(() -> {
                    together.await();
                    deliverAtLeastOnce(own, streams, writer);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> writer : done) {
                writer.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            writers.shutdownNow();
        }
        Snapshot concurrent = snapshot();

        assertThat(concurrent.golden()).as("golden records, seed %d", seed).isEqualTo(once.golden());
        assertThat(concurrent.conflicts()).as("conflicts, seed %d", seed).isEqualTo(once.conflicts());
        assertThat(concurrent.history()).as("history, seed %d", seed).isEqualTo(once.history());
    }

    /** One stream of changes per department. */
    private static List<List<CanonicalChange>> streams(Random random) {
        List<List<CanonicalChange>> streams = new ArrayList<>();
        for (int source = 0; source < DEPARTMENTS.length; source++) {
            streams.add(stream(random, source));
        }
        return streams;
    }

    /** The reference outcome: an empty pool, each change applied once, one at a time. */
    private static Snapshot appliedOnceEach(List<List<CanonicalChange>> streams) {
        pool.empty();
        for (List<CanonicalChange> stream : streams) {
            for (CanonicalChange change : stream) {
                pool.apply(change);
            }
        }
        return snapshot();
    }

    /** Interleaves the sources; each keeps its own order but may rewind to an earlier offset and repeat. */
    private static void deliverAtLeastOnce(Random random, List<List<CanonicalChange>> streams, PoolWriter writer) {
        int[] next = new int[streams.size()];
        CanonicalBatch batch = new CanonicalBatch();
        int batchSize = 1 + random.nextInt(6);
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int s = 0; s < streams.size(); s++) {
                if (next[s] < streams.get(s).size()) {
                    open.add(s);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            int source = open.get(random.nextInt(open.size()));
            batch.add(streams.get(source).get(next[source]++));
            if (random.nextInt(8) == 0) {
                next[source] = random.nextInt(next[source] + 1); // crash: re-deliver from an older committed offset
            }
            if (batch.changes().size() >= batchSize) {
                writer.accept(batch);
                batch = new CanonicalBatch();
            }
        }
        writer.accept(batch);
    }

    /** A source's changes to a few of its rows: inserts, updates (some moving a row to another subject), deletes. */
    private static List<CanonicalChange> stream(Random random, int source) {
        List<CanonicalChange> changes = new ArrayList<>();
        boolean[] alive = new boolean[3];
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        for (int position = 1; position <= 4 + random.nextInt(12); position++) {
            int row = random.nextInt(alive.length);
            time = time.plusSeconds(1 + random.nextInt(100));
            String rowKey = "{\"id\":" + row + "}";
            String positionText = String.format("p:%06d", position);
            if (alive[row] && random.nextInt(4) == 0) {
                changes.add(pool.change("Person", Operation.DELETE, null, "src-" + source, DEPARTMENTS[source], rowKey, positionText, time));
                alive[row] = false;
                continue;
            }
            String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
            String json = "{\"citizenId\": \"" + subject + "\", \"name\": \"名" + random.nextInt(3) + "\", \"registeredAddress\": "
                    + (random.nextBoolean() ? "null" : "\"地址" + random.nextInt(3) + "\"") + "}";
            changes.add(pool.change("Person", alive[row] ? Operation.UPDATE : Operation.CREATE, json, "src-" + source,
                    DEPARTMENTS[source], rowKey, positionText, time));
            alive[row] = true;
        }
        return changes;
    }

    private record Snapshot(List<String> golden, List<String> conflicts, List<String> history) {}

    private static Snapshot snapshot() {
        return new Snapshot(
                pool.view.golden("Person").stream().map(g -> g.subject() + " | " + g.fields()).sorted().toList(),
                pool.reader.conflicts(null, null, 10_000).stream()
                        .map(c -> c.subject() + " | " + c.field() + " | " + c.departments() + " | " + c.candidates()).sorted().toList(),
                pool.view.history(null).stream().sorted(Comparator.comparing(PoolReader.Version::sourceId)
                                .thenComparing(PoolReader.Version::rowKey).thenComparing(PoolReader.Version::position))
                        .map(v -> String.join(" | ", v.sourceId(), v.rowKey(), v.operation().code(), v.position(), v.subject(),
                                v.sourceTime().toString(), v.record() == null ? "null" : HexFormat.of().formatHex(v.record())))
                        .toList());
    }

    private static String[] subjects() {
        String[] ids = new String[3];
        for (int i = 0; i < ids.length; i++) {
            String first17 = "1101051980010" + (1 + i) + "123";
            ids[i] = first17 + CitizenId.checkCharacter(first17);
        }
        return ids;
    }
}
