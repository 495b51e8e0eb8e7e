package org.onceonly.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.pool.PoolDatabase;

/**
 * The access log's chain under concurrent writers: two hubs' batching writers on one pool, each with
 * several request threads appending at once, build one intact chain with every entry in it — and the
 * prefill outcomes that share their batches are all written too.
 */
class AccessLogChainTest {
    @TempDir
    static Path directory;
    static EmbeddedPostgresServer server;
    static PoolDatabase pool;

    @BeforeAll
    static void start() {
        server = EmbeddedPostgresServer.start(directory, 0);
        pool = new PoolDatabase(server.jdbcUrl("postgres"), EmbeddedPostgresServer.SUPERUSER, "embedded");
        AccessLog.migrate(pool.dataSource());
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoHubsAppendingFromManyThreadsAtOnceBuildOneIntactChain() throws Exception {
        int threadsPerHub = 6;
        int appendsPerThread = 150;
        List<BatchingWriter> writers = List.of(new BatchingWriter(pool.dataSource()), new BatchingWriter(pool.dataSource()));
        ExecutorService threads = Executors.newFixedThreadPool(threadsPerHub * writers.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int hub = 0; hub < writers.size(); hub++) {
                AccessLog log = new AccessLog(pool.dataSource(), writers.get(hub));
                for (int t = 0; t < threadsPerHub; t++) {
                    String client = "hub" + hub + "-client" + t;
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < appendsPerThread; i++) {
                            log.appendAll(List.of(new AccessEvent(client, "Org", "testing", "read", "S" + i, List.of("Person.name")),
                                    new AccessEvent(client, "Org", "testing", "read", "T" + i, List.of("Person.name", "Person.gender"))));
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
            writers.forEach(BatchingWriter::close);
        }

        AuditVerification verification = AuditVerification.of(pool.dataSource());
        assertThat(verification.intact()).as(verification.problem()).isTrue();
        assertThat(verification.checked()).isEqualTo(2L * writers.size() * threadsPerHub * appendsPerThread);
    }
}
