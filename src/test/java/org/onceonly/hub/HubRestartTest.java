package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/** A hub stopped mid-stream and started again resumes from its stored offsets: nothing lost, nothing twice. */
class HubRestartTest {
    private static final int RESIDENTS = 200;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern ROW_ID = Pattern.compile("\\{\"id\":(\\d+)}");

    @TempDir
    Path directory;

    @Test
    void hubStoppedMidStreamResumesWithEveryChangeAppliedExactlyOnce() throws Exception {
        try (TestDepartment department = TestDepartment.start(directory, RESIDENTS)) {
            HubConfig config = TestHubs.config(directory, department.connectors());
            Map<Long, Integer> versionsPerRow = new HashMap<>();
            for (long id = 1; id <= RESIDENTS; id++) {
                versionsPerRow.put(id, 1); // the snapshot read
            }
            AtomicInteger address = new AtomicInteger();
            Random random = new Random(7);

            Hub first = Hub.start(config);
            try {
                await().atMost(PATIENCE).until(() -> TestHubs.count(first, "SELECT count(*) FROM golden_record") == RESIDENTS);
                // Changes flow while the hub stops: some land before the stop, some are in flight.
                Thread writer = new Thread(() -> {
                    for (int i = 0; i < 150; i++) {
                        long id = 1 + random.nextInt(RESIDENTS);
                        department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?",
                                "测试地址" + address.incrementAndGet(), id);
                        synchronized (versionsPerRow) {
                            versionsPerRow.merge(id, 1, Integer::sum);
                        }
                    }
                });
                writer.start();
                await().atMost(PATIENCE).until(() -> first.writer().appliedCount() > RESIDENTS + 20);
                first.close();
                writer.join();
            } finally {
                first.close();
            }

            // While the hub is down: updates, an insert and a delete.
            for (long id = 1; id <= 20; id++) {
                department.execute("UPDATE hukou.residents SET hjdz = ? WHERE id = ?", "停机期间地址" + address.incrementAndGet(), id);
                versionsPerRow.merge(id, 1, Integer::sum);
            }
            department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    5_000L, IdentityNumbers.valid("320102", "20010203", 111), "测试丁", "1", "01", "20010203", "南京市玄武区");
            versionsPerRow.put(5_000L, 1);
            department.execute("DELETE FROM hukou.residents WHERE id = ?", 199L);
            versionsPerRow.merge(199L, 1, Integer::sum);

            try (Hub second = Hub.start(config)) {
                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(TestHubs.poolAddresses(second)).isEqualTo(department.addressesByIdentityNumber()));
                Map<Long, Integer> history = new HashMap<>();
                TestHubs.queryMap(second, "SELECT row_key, count(*) FROM history GROUP BY row_key").forEach((rowKey, count) -> {
                    Matcher matcher = ROW_ID.matcher(rowKey);
                    assertThat(matcher.find()).as("row key %s", rowKey).isTrue();
                    history.put(Long.parseLong(matcher.group(1)), Integer.parseInt(count));
                });
                assertThat(history).isEqualTo(versionsPerRow);
            }
        }
    }
}
