package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/**
 * {@code snapshot: incremental}: a large table is loaded in primary-key chunks while streaming runs, and a
 * hub stopped partway resumes from its last completed chunk instead of reading the table from the start.
 */
class ChunkedInitialLoadTest {
    private static final int RESIDENTS = 6000;
    private static final int CHUNK = 100;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    @Test
    void aHubStoppedMidLoadResumesFromItsLastChunkWithEveryRowOnce() throws Exception {
        try (TestDepartment department = TestDepartment.start(directory, RESIDENTS)) {
            department.addSignalTable();
            Path connectors = directory.resolve("chunked-connectors");
            department.writeConnector(connectors, "public-security-hukou", "snapshot: incremental\n", """
                      signal.data.collection: hukou.onceonly_signal
                      incremental.snapshot.chunk.size: "%d"
                    """.formatted(CHUNK));
            HubConfig config = TestHubs.config(directory, connectors);

            Hub first = Hub.start(config);
            try {
                await().atMost(PATIENCE).until(() -> first.writer().appliedCount() >= RESIDENTS / 4);
                // Streaming runs alongside the load.
                department.execute("UPDATE hukou.residents SET hjdz = ? WHERE id = ?", "分块加载期间搬家", 2L);
            } finally {
                first.close();
            }
            // Versions the first hub committed: the rows it read, plus at most the one update.
            long readBeforeStop = first.writer().appliedCount() - 1;
            assertThat(readBeforeStop).as("stopped partway").isLessThan(RESIDENTS - 2L * CHUNK);
            try (Hub second = Hub.start(config)) {
                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(TestHubs.poolAddresses(second)).isEqualTo(department.addressesByIdentityNumber()));

                long rereadAfterRestart = second.writer().appliedCount() + second.writer().unchangedCount();
                assertThat(rereadAfterRestart).as("rows read again after the restart")
                        .isLessThanOrEqualTo(RESIDENTS - readBeforeStop + 3L * CHUNK);
                assertThat(TestHubs.count(second, "SELECT count(*) FROM history WHERE op = 'r'")).isEqualTo(RESIDENTS);
            }
        }
    }
}
