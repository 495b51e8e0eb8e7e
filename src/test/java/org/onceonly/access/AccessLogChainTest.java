/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.testkit.EmptyPool;
import org.onceonly.testkit.TestPool;

/**
 * The access log's chain under concurrent writers: two hubs' batching writers on one pool, each with
 * several request threads appending at once, build one intact chain with every entry in it — and the
 * prefill outcomes that share their batches are all written too.
 */
class AccessLogChainTest {
    @EmptyPool
    static TestPool pool;

    @Test
    void twoHubsAppendingFromManyThreadsAtOnceBuildOneIntactChain() throws Exception {
        int threadsPerHub = 6;
        int appendsPerThread = 150;
        Form form = Forms.load(Path.of("forms"), SchemaCatalog.load(Path.of("schemas"))).all().iterator().next();
        List<BatchingWriter> writers = List.of(new BatchingWriter(pool.dataSource()), new BatchingWriter(pool.dataSource()));
        List<PrefillStatistics> statistics = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(threadsPerHub * writers.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int hub = 0; hub < writers.size(); hub++) {
                AccessLog log = new AccessLog(pool.dataSource(), writers.get(hub));
                PrefillStatistics outcomes = new PrefillStatistics(pool.dataSource(), writers.get(hub));
                statistics.add(outcomes);
                for (int t = 0; t < threadsPerHub; t++) {
                    String client = "hub" + hub + "-client" + t;
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < appendsPerThread; i++) {
                            log.appendAll(List.of(new AccessEvent(client, "Org", "testing", "read", "S" + i, List.of("Person.name")),
                                    new AccessEvent(client, "Org", "testing", "read", "T" + i, List.of("Person.name", "Person.gender"))));
                            outcomes.record(form, new PrefillResult(form.id(), "S" + i, "testing", List.of(), List.of()));
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> future : done) {
                future.get();
            }
            statistics.forEach(PrefillStatistics::flush);
        } finally {
            threads.shutdownNow();
            writers.forEach(BatchingWriter::close);
        }

        AuditVerification verification = AuditVerification.of(pool.dataSource());
        assertThat(verification.intact()).as(verification.problem()).isTrue();
        assertThat(verification.checked()).isEqualTo(2L * writers.size() * threadsPerHub * appendsPerThread);
        assertThat(statistics.get(0).coverage(form.id(), Integer.MAX_VALUE).prefills())
                .isEqualTo((long) writers.size() * threadsPerHub * appendsPerThread);
    }
}
