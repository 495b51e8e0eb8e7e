/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.schema.Operation;
import org.onceonly.source.ChangeEnvelope;
import org.onceonly.source.ChangeHandler;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.PollSettings;
import org.onceonly.source.SecretReference;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceKind;
import org.onceonly.source.SourceState;
import org.onceonly.source.TableSpec;
import org.onceonly.testkit.EmptyPool;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDatabase;
import org.onceonly.testkit.TestPool;
import org.onceonly.testkit.TestPostgres;

/**
 * The polling runner against a real PostgreSQL (the kit's shared server: a department database and a pool database),
 * with a handler that collects what it is given. Each test polls its own table as its own source.
 */
class JdbcPollSourceRunnerTest {
    private static final LocalDateTime T0 = LocalDateTime.of(2024, 3, 1, 8, 30);
    private static final AtomicInteger TABLES = new AtomicInteger();

    @TempDir
    static Path directory;
    @EmptyPool
    static TestPool pool;
    static TestDatabase scjg;
    static DataSource department;
    static OffsetStorage offsets;
    static SecretReference password;

    private final List<JdbcPollSourceRunner> runners = new ArrayList<>();

    @BeforeAll
    static void createDatabases() throws IOException {
        TestPostgres server = TestPostgres.shared();
        scjg = server.create(server.uniqueName("scjg"));
        department = scjg.dataSource();
        execute("CREATE SCHEMA scjg");
        offsets = new OffsetStorage(pool.jdbcUrl(), pool.user(), pool.password());
        // The test server trusts loopback connections; the secret only has to resolve.
        Path secret = Files.writeString(directory.resolve("password"), "embedded\n");
        password = new SecretReference("file", secret.toString());
    }

    @AfterAll
    static void dropDatabase() {
        if (scjg != null) {
            scjg.close();
        }
    }

    @AfterEach
    void closeRunners() {
        runners.forEach(JdbcPollSourceRunner::close);
    }

    @Test
    void firstPassEmitsEveryRowOnceAsSnapshotReadsInPositionOrder() {
        String table = newTable();
        for (int id = 1; id <= 25; id++) {
            insert(table, id, "企业" + id, T0.plusMinutes(id % 7));
        }
        Collector collector = new Collector();

        JdbcPollSourceRunner runner = start(source("first-pass", table, 10), collector);

        Patience.await().until(() -> runner.status().state() == SourceState.STREAMING);
        assertThat(collector.ids()).hasSize(25).doesNotHaveDuplicates();
        assertThat(collector.changes()).allSatisfy(change -> {
            assertThat(change.op()).isEqualTo(Operation.READ);
            assertThat(change.source().snapshot()).isTrue();
            assertThat(change.before()).isNull();
        });
        List<String> positions = collector.changes().stream().map(c -> c.source().position()).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(runner.status().events()).isEqualTo(25);
    }

    @Test
    void rowValuesAreJsonAsDebeziumGivesThem() {
        String table = newTable();
        execute("ALTER TABLE " + table + " ADD COLUMN zczb numeric(12,2), ADD COLUMN clrq date, ADD COLUMN hzsj timestamptz");
        execute("INSERT INTO " + table + " (id, mc, gxsj, zczb, clrq, hzsj) VALUES (42, '某某科技有限公司', ?, 1250.50, DATE '2024-03-01', "
                + "TIMESTAMPTZ '2024-03-01 08:30:15+08')", T0.plusSeconds(15));
        Collector collector = new Collector();

        start(source("json", table, 10), collector);

        Patience.await().until(() -> collector.changes().size() == 1);
        ChangeEnvelope change = collector.changes().get(0);
        assertThat(change.key().toString()).isEqualTo("{\"id\":42}");
        ObjectNode after = change.after();
        assertThat(after.get("id").isIntegralNumber()).isTrue();
        assertThat(after.get("mc").asText()).isEqualTo("某某科技有限公司");
        assertThat(after.get("zczb").decimalValue()).isEqualByComparingTo("1250.50");
        assertThat(after.get("clrq").asText()).isEqualTo("2024-03-01");
        assertThat(after.get("gxsj").asText()).isEqualTo("2024-03-01T08:30:15");
        assertThat(after.get("hzsj").asText()).isEqualTo("2024-03-01T00:30:15Z");
        assertThat(after.get("scbz").asText()).isEqualTo("0");
        assertThat(change.source().table()).isEqualTo(table);
        assertThat(change.source().ts()).isEqualTo(T0.plusSeconds(15).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
        long micros = T0.plusSeconds(15).toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L;
        assertThat(change.source().position()).isEqualTo("poll:" + String.format("%019d", micros) + "/" + String.format("%019d", 42));
    }

    @Test
    void insertAndUpdateAfterTheFirstPassAreEmittedAsUpdatesWithGreaterPositions() {
        String table = newTable();
        for (int id = 1; id <= 3; id++) {
            insert(table, id, "企业" + id, T0);
        }
        Collector collector = new Collector();
        JdbcPollSourceRunner runner = start(source("insert-update", table, 10), collector);
        Patience.await().until(() -> runner.status().state() == SourceState.STREAMING && collector.changes().size() == 3);
        String firstPositionOfRow2 = collector.positionsOf(2).get(0);

        insert(table, 4, "新企业", T0.plusHours(1));
        execute("UPDATE " + table + " SET mc = ?, gxsj = ? WHERE id = ?", "改名企业", T0.plusHours(2), 2);

        Patience.await().until(() -> collector.changes().size() == 5);
        List<ChangeEnvelope> later = collector.changes().subList(3, 5);
        assertThat(later).extracting(c -> c.key().get("id").asLong()).containsExactly(4L, 2L);
        assertThat(later).allSatisfy(change -> {
            assertThat(change.op()).isEqualTo(Operation.UPDATE);
            assertThat(change.source().snapshot()).isFalse();
        });
        assertThat(later.get(1).after().get("mc").asText()).isEqualTo("改名企业");
        assertThat(collector.positionsOf(2).get(1)).isGreaterThan(firstPositionOfRow2);
        assertThat(later.get(0).source().position()).isGreaterThan(collector.changes().get(2).source().position());
    }

    @Test
    void rowsSharingOneWatermarkAcrossSmallBatchesAreEachEmittedExactlyOnce() {
        String table = newTable();
        for (int id = 1; id <= 57; id++) {
            insert(table, id, "企业" + id, T0);
        }
        Collector collector = new Collector();
        JdbcPollSourceRunner runner = start(source("same-watermark", table, 5), collector);
        Patience.await().until(() -> runner.status().state() == SourceState.STREAMING);

        // One statement, so one commit: rows that reach a watermark already polled past, with a smaller key,
        // in a later commit are missed by polling (see docs/connectors.md).
        execute("WITH moved AS (UPDATE " + table + " SET gxsj = ? WHERE id BETWEEN 10 AND 20 RETURNING id) "
                + "INSERT INTO " + table + " (id, mc, gxsj) SELECT g, '企业' || g, ? FROM generate_series(58, 70) g",
                T0.plusDays(1), T0.plusDays(1));

        Patience.await().until(() -> collector.changes().size() >= 57 + 13 + 11);
        Patience.await().during(Duration.ofMillis(500)).until(() -> collector.changes().size() == 57 + 13 + 11);
        assertThat(collector.changes().subList(0, 57)).extracting(c -> c.key().get("id").asLong()).doesNotHaveDuplicates().hasSize(57);
        assertThat(collector.changes().subList(57, 81)).extracting(c -> c.key().get("id").asLong()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.concat(
                        java.util.stream.LongStream.rangeClosed(10, 20), java.util.stream.LongStream.rangeClosed(58, 70)).boxed().toList());
        assertThat(collector.batchSizes()).allMatch(size -> size <= 5);
    }

    @Test
    void softDeletedRowBecomesADeleteWithTheRowAsBefore() {
        String table = newTable();
        insert(table, 1, "企业1", T0);
        insert(table, 2, "企业2", T0);
        Collector collector = new Collector();
        start(source("soft-delete", table, 10), collector);
        Patience.await().until(() -> collector.changes().size() == 2);

        execute("UPDATE " + table + " SET scbz = '1', gxsj = ? WHERE id = ?", T0.plusHours(1), 2);

        Patience.await().until(() -> collector.changes().size() == 3);
        ChangeEnvelope delete = collector.changes().get(2);
        assertThat(delete.op()).isEqualTo(Operation.DELETE);
        assertThat(delete.after()).isNull();
        assertThat(delete.before().get("mc").asText()).isEqualTo("企业2");
        assertThat(delete.key().toString()).isEqualTo("{\"id\":2}");
        assertThat(delete.source().position()).isGreaterThan(collector.positionsOf(2).get(0));
    }

    @Test
    void restartedRunnerResumesFromTheStoredOffset() {
        String table = newTable();
        for (int id = 1; id <= 12; id++) {
            insert(table, id, "企业" + id, T0.plusMinutes(id));
        }
        SourceDefinition definition = source("restart", table, 5);
        Collector first = new Collector();
        JdbcPollSourceRunner runner = start(definition, first);
        Patience.await().until(() -> runner.status().state() == SourceState.STREAMING);
        runner.close();
        assertThat(first.ids()).hasSize(12);

        insert(table, 13, "停机期间新企业", T0.plusDays(1));
        execute("UPDATE " + table + " SET mc = ?, gxsj = ? WHERE id = ?", "停机期间改名", T0.plusDays(2), 3);
        Collector second = new Collector();
        JdbcPollSourceRunner restarted = start(definition, second);

        Patience.await().until(() -> second.changes().size() >= 2);
        Patience.await().during(Duration.ofMillis(500)).until(() -> second.changes().size() == 2);
        assertThat(second.changes()).extracting(c -> c.key().get("id").asLong()).containsExactly(13L, 3L);
        assertThat(second.changes()).extracting(ChangeEnvelope::op).containsOnly(Operation.UPDATE);
        assertThat(restarted.status().state()).isEqualTo(SourceState.STREAMING);
    }

    @Test
    void handlerThatFailsTwiceGetsTheSameBatchAgainAndNothingIsSkipped() {
        String table = newTable();
        for (int id = 1; id <= 8; id++) {
            insert(table, id, "企业" + id, T0.plusMinutes(id));
        }
        List<List<String>> attempts = Collections.synchronizedList(new ArrayList<>());
        Collector collector = new Collector();
        JdbcPollSourceRunner runner = start(source("retry", table, 5), batch -> {
            attempts.add(batch.stream().map(c -> c.source().position()).toList());
            if (attempts.size() <= 2) {
                throw new IllegalStateException("pool restarting (attempt " + attempts.size() + ")");
            }
            collector.handle(batch);
        });

        // The status counts a batch after the handler has returned: wait for both, not only for the handler.
        Patience.await().until(() -> collector.changes().size() == 8 && runner.status().events() == 8);
        assertThat(attempts.get(1)).isEqualTo(attempts.get(0));
        assertThat(attempts.get(2)).isEqualTo(attempts.get(0));
        assertThat(collector.ids()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(runner.status().lastError()).contains("pool restarting");
    }

    @Test
    void closeWaitsForTheBatchInHandAndStoresItsOffset() throws Exception {
        String table = newTable();
        insert(table, 1, "企业1", T0);
        SourceDefinition definition = source("close", table, 10);
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JdbcPollSourceRunner runner = start(definition, batch -> {
            inHandler.countDown();
            release.await();
        });
        assertThat(inHandler.await(Patience.FLOW.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Thread closing = new Thread(runner::close);
        closing.start();
        closing.join(300);
        assertThat(closing.isAlive()).as("close() returns only after the batch in hand").isTrue();
        release.countDown();
        closing.join(Patience.FLOW.toMillis());

        assertThat(closing.isAlive()).isFalse();
        Collector afterRestart = new Collector();
        JdbcPollSourceRunner restarted = start(definition, afterRestart);
        Patience.await().until(() -> restarted.status().state() == SourceState.STREAMING);
        assertThat(afterRestart.changes()).isEmpty();
    }

    @Test
    void closeDuringBackOffReturnsPromptly() {
        String table = newTable();
        insert(table, 1, "企业1", T0);
        AtomicInteger attempts = new AtomicInteger();
        JdbcPollSourceRunner runner = start(source("close-backoff", table, 10), batch -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("pool down");
        });
        // By the fifth attempt the back-off has grown to 3.2 s.
        Patience.await().until(() -> attempts.get() >= 5);

        long started = System.nanoTime();
        runner.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(runner.status().state()).isEqualTo(SourceState.STOPPED);
    }

    @Test
    void snapshotNeverStartsAfterTheRowsAlreadyThere() {
        String table = newTable();
        insert(table, 1, "企业1", T0);
        insert(table, 2, "企业2", T0);
        SourceDefinition everything = source("never", table, 10);
        SourceDefinition definition = new SourceDefinition(everything.id(), everything.department(), everything.owner(),
                everything.kind(), everything.jdbcUrl(), null, 0, null, everything.user(), everything.password(),
                everything.tables(), "never", everything.poll(), null);
        Collector collector = new Collector();
        JdbcPollSourceRunner runner = start(definition, collector);
        Patience.await().until(() -> runner.status().state() == SourceState.STREAMING);

        insert(table, 3, "企业3", T0);

        Patience.await().until(() -> collector.changes().size() == 1);
        assertThat(collector.ids()).containsExactly(3L);
    }

    private JdbcPollSourceRunner start(SourceDefinition definition, ChangeHandler handler) {
        JdbcPollSourceRunner runner = new JdbcPollSourceRunner(definition, offsets, handler);
        runners.add(runner);
        runner.start();
        return runner;
    }

    private static SourceDefinition source(String id, String table, int batchSize) {
        TableSpec spec = new TableSpec(table, List.of(), List.of("id"), "gxsj", new TableSpec.SoftDelete("scbz", "1"));
        return new SourceDefinition("scjg-" + id, "market-regulation", "dba@scjg.test", SourceKind.JDBC_POLL,
                scjg.jdbcUrl(), null, 0, null, TestPostgres.SUPERUSER, password, List.of(spec), null,
                new PollSettings(Duration.ofMillis(50), batchSize, ZoneId.of("Asia/Shanghai")), null);
    }

    /** A fresh enterprise table: id key, gxsj watermark, scbz soft-delete flag. */
    private static String newTable() {
        String table = "scjg.enterprises_" + TABLES.incrementAndGet();
        execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, mc varchar(100) NOT NULL, "
                + "gxsj timestamp NOT NULL, scbz char(1) NOT NULL DEFAULT '0')");
        execute("CREATE INDEX ON " + table + " (gxsj, id)");
        return table;
    }

    private static void insert(String table, long id, String name, LocalDateTime updated) {
        execute("INSERT INTO " + table + " (id, mc, gxsj) VALUES (?, ?, ?)", id, name, updated);
    }

    private static void execute(String sql, Object... parameters) {
        try (Connection connection = department.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Keeps every change and batch it is handed, in order. */
    private static final class Collector implements ChangeHandler {
        private final List<ChangeEnvelope> changes = Collections.synchronizedList(new ArrayList<>());
        private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void handle(List<ChangeEnvelope> batch) {
            changes.addAll(batch);
            batchSizes.add(batch.size());
        }

        List<ChangeEnvelope> changes() {
            synchronized (changes) {
                return List.copyOf(changes);
            }
        }

        List<Integer> batchSizes() {
            synchronized (batchSizes) {
                return List.copyOf(batchSizes);
            }
        }

        List<Long> ids() {
            return changes().stream().map(c -> c.key().get("id").asLong()).toList();
        }

        List<String> positionsOf(long id) {
            return changes().stream().filter(c -> c.key().get("id").asLong() == id)
                    .map(c -> c.source().position()).collect(Collectors.toList());
        }
    }
}
