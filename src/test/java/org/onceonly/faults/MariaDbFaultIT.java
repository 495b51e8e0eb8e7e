/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import org.onceonly.hub.HubSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.BinlogDepartment;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.ResidentsTable;
import org.onceonly.testkit.TestMariaDb;

/**
 * The SIGKILL and restart cases against a MariaDB department read from its binary log: the hub killed
 * while streaming, and the MariaDB server restarted while streaming (its binary log goes on in a new file).
 * Slow: left out of the default build, run with {@code -Dgroups=faults}.
 */
@Tag("faults")
@Tag("slow")
class MariaDbFaultIT {
    private static final int RESIDENTS = 1_000;
    private static final Duration OUTAGE = Duration.ofSeconds(8);

    @TempDir
    Path directory;
    @RegisterExtension
    final HubExtension hub = FaultHubs.process().startedByTest();
    private TestMariaDb mariaDb;
    private BinlogDepartment department;
    private final ChangeLedger ledger = new ChangeLedger();

    @AfterEach
    void stopMariaDb() {
        hub.kill(); // before its department goes
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @Test
    void hubKilledWhileStreamingFromMariaDbRestartsWithEveryChangeAppliedOnce() throws Exception {
        startStreaming();
        try (SteadyWriter writer = clerk().start()) {
            awaitMoreVersions(300);
            hub.kill();
            long writtenAtKill = writer.written();
            Patience.await().until(() -> writer.written() > writtenAtKill + 300);
            hub.start();
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
        try (SteadyWriter writer = clerk().start(); SourceWatch watch = new SourceWatch(hub.process().api(), department.sourceId(),
                Duration.ofMillis(250))) {
            awaitMoreVersions(300);
            writer.pause();
            Instant down = Instant.now();
            mariaDb.stopServer();
            Patience.await().until(() -> watch.first("retrying", down).isPresent());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), down.plus(OUTAGE)).toMillis())); // the outage itself
            mariaDb.startServer();
            up = Instant.now();
            writer.resume();
            Patience.await().until(() -> watch.first("streaming", up).isPresent());
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

    private void startStreaming() {
        mariaDb = TestMariaDb.start();
        department = mariaDb.householdRegister(directory, RESIDENTS);
        ledger.snapshot(1, RESIDENTS);
        hub.start(config -> config.with(HubSettings.CONNECTORS, department.connectors()).with(HubSettings.ROUTES, department.routes()));
        Patience.await().until(() -> versions() >= RESIDENTS);
    }

    private SteadyWriter clerk() {
        return new SteadyWriter("mariadb", 100, RESIDENTS, 31, department::moveResident, ledger);
    }

    private void awaitMoreVersions(long more) {
        PoolChecks.awaitMoreVersions(hub.pool(), department.sourceId(), more);
    }

    private long versions() {
        return PoolChecks.versions(hub.pool(), department.sourceId());
    }

    private void assertPoolEqualsDepartmentWithOneVersionPerChange() {
        PoolChecks.awaitPoolEqualsDepartment(hub.pool(), ResidentsTable.of(mariaDb::rootConnection, department.table()), department.sourceId(),
                ledger, Patience.FLOW);
    }
}
