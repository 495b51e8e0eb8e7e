package org.onceonly.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.BinlogDepartment;
import org.onceonly.testkit.HubProcess;
import org.onceonly.testkit.TestMariaDb;

/**
 * The SIGKILL and restart cases against a MariaDB department read from its binary log: the hub killed
 * while streaming, and the MariaDB server restarted while streaming (its binary log goes on in a new file).
 * Slow: left out of the default build, run with {@code -Dgroups=faults}.
 */
@Tag("faults")
@Tag("slow")
class MariaDbFaultTest {
    private static final int RESIDENTS = 1_000;
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path directory;
    private TestMariaDb mariaDb;
    private BinlogDepartment department;
    private PoolServer pool;
    private HubProcess hub;
    private final ChangeLedger ledger = new ChangeLedger();

    @AfterEach
    void tearDown(TestInfo test) {
        if (hub != null) {
            hub.kill();
            FaultLogs.keep(hub, test);
        }
        if (pool != null) {
            pool.close();
        }
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @Test
    void hubKilledWhileStreamingFromMariaDbRestartsWithEveryChangeAppliedOnce() throws Exception {
        Path config = startStreaming();
        try (SteadyWriter writer = clerk().start()) {
            awaitMoreVersions(300);
            hub.kill();
            long writtenAtKill = writer.written();
            await().atMost(PATIENCE).until(() -> writer.written() > writtenAtKill + 300);
            hub = HubProcess.start(config);
            awaitMoreVersions(300);
            writer.close();
            assertThat(writer.failed()).isZero();
        }
        assertPoolEqualsDepartmentWithOneVersionPerChange();
        FaultResults.record("SIGKILL while streaming (MariaDB)", ledger.changes() + " changes, each applied once");
    }

    @Test
    void mariaDbRestartedWhileStreamingDelaysButLosesNothing() throws Exception {
        startStreaming();
        Instant up;
        try (SteadyWriter writer = clerk().start(); SourceWatch watch = new SourceWatch(hub.api(), department.sourceId(), Duration.ofMillis(250))) {
            awaitMoreVersions(300);
            writer.pause();
            Instant down = Instant.now();
            mariaDb.stopServer();
            await().atMost(PATIENCE).until(() -> watch.first("retrying", down).isPresent());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), down.plus(OUTAGE)).toMillis())); // the outage itself
            mariaDb.startServer();
            up = Instant.now();
            writer.resume();
            await().atMost(PATIENCE).until(() -> watch.first("streaming", up).isPresent());
            awaitMoreVersions(300);
            writer.close();
            assertThat(writer.failed()).isZero();
            FaultResults.record("MariaDB department restarted", "reported after "
                    + Duration.between(down, watch.first("retrying", down).orElseThrow().at()).toMillis() + " ms, streaming again "
                    + Duration.between(up, watch.first("streaming", up).orElseThrow().at()).toMillis() + " ms after the server was back; error shown: "
                    + watch.first("retrying", down).orElseThrow().lastError());
        }
        assertPoolEqualsDepartmentWithOneVersionPerChange();
    }

    private Path startStreaming() {
        mariaDb = TestMariaDb.start();
        department = mariaDb.householdRegister(directory, RESIDENTS);
        pool = PoolServer.start(directory.resolve("pool"));
        Path config = HubConfigFile.write(directory.resolve("hub"), pool, department.connectors(), department.routes());
        ledger.snapshot(1, RESIDENTS);
        hub = HubProcess.start(config);
        await().atMost(PATIENCE).until(() -> versions() >= RESIDENTS);
        return config;
    }

    private SteadyWriter clerk() {
        return new SteadyWriter("mariadb", 100, RESIDENTS, 31, department::moveResident, ledger);
    }

    private void awaitMoreVersions(long more) {
        PoolChecks.awaitMoreVersions(pool, department.sourceId(), more, PATIENCE);
    }

    private long versions() {
        return PoolChecks.versions(pool, department.sourceId());
    }

    private void assertPoolEqualsDepartmentWithOneVersionPerChange() throws Exception {
        PoolChecks.awaitPoolEqualsDepartment(pool, mariaDb::rootConnection, department.table(), department.sourceId(), ledger, PATIENCE);
    }
}
