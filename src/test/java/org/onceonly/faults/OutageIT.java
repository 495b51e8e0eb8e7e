/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import org.onceonly.hub.HubSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestPool;

/**
 * Servers and the network fail under a streaming hub: the pool's server restarts, the department's server
 * restarts, the network to the department is cut (every connection closed, new ones refused) and restored.
 * Each time the hub reports the outage in the source's status and metrics while it lasts, retries with
 * back-off, and resumes by itself with nothing lost: the pool ends equal to the department row by row, with
 * one history version per change.
 */
@Tag("faults")
class OutageIT {
    private static final String SOURCE = TestDepartment.SOURCE_ID;
    private static final int RESIDENTS = 2_000;
    private static final int CHANGES_PER_SECOND = 100;
    private static final Duration OUTAGE = Duration.ofSeconds(6);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);

    @RegisterExtension
    final HubExtension hub = FaultHubs.process().startedByTest();
    private final ChangeLedger ledger = new ChangeLedger();

    @Test
    void poolServerRestartedWhileStreamingDelaysButLosesNothing(@Department(residents = RESIDENTS) TestDepartment department)
            throws Exception {
        try (TestPool pool = TestPool.onPrivateServer()) {
            hub.onPool(pool);
            startStreaming(department, department.port());
            String outage;
            String resident = department.identityNumberOf(1);
            ApiClient api = hub.process().api();
            try (SteadyWriter writer = clerk(department).start(); SourceWatch watch = new SourceWatch(api, SOURCE, WATCH_INTERVAL)) {
                awaitMoreVersions(200);
                Instant down = Instant.now();
                pool.server().stop();
                Patience.await().until(() -> watch.first("retrying", down).isPresent());
                // The API says the pool is away, and to come back, rather than failing.
                ApiClient.Response read = api.get("/v1/subjects/" + resident + "/person");
                assertThat(read.status()).isEqualTo(503);
                assertThat(read.body().get("error").asText()).isEqualTo("unavailable");
                pauseUntil(down.plus(OUTAGE));
                pool.server().start();
                Instant up = Instant.now();
                Patience.await().until(() -> watch.first("streaming", up).isPresent());
                awaitMoreVersions(200);
                writer.close();
                assertThat(writer.failed()).isZero();
                outage = assertOutageReported(watch, down, up);
            }
            assertPoolEqualsDepartmentWithOneVersionPerChange(department);
            FaultResults.record("pool server restarted", outage + "; " + ledger.changes() + " changes, all applied once");
            assertThat(api.get("/v1/subjects/" + resident + "/person").status()).isEqualTo(200);
            hub.kill(); // before its pool's server goes
        }
    }

    @Test
    void departmentServerRestartedWhileStreamingDelaysButLosesNothing(
            @Department(residents = RESIDENTS, privateServer = true) TestDepartment department) throws Exception {
        startStreaming(department, department.port());
        String outage;
        Duration stopTook;
        try (SteadyWriter writer = clerk(department).start(); SourceWatch watch = new SourceWatch(hub.process().api(), SOURCE, WATCH_INTERVAL)) {
            awaitMoreVersions(200);
            writer.pause(); // a commit cut off by the shutdown would leave its outcome unknown to the ledger
            Instant down = Instant.now();
            department.stopServer();
            stopTook = Duration.between(down, Instant.now());
            Patience.await().until(() -> watch.first("retrying", down).isPresent());
            pauseUntil(down.plus(OUTAGE));
            department.startServer();
            Instant up = Instant.now();
            writer.resume();
            Patience.await().until(() -> watch.first("streaming", up).isPresent());
            awaitMoreVersions(200);
            writer.close();
            assertThat(writer.failed()).isZero();
            outage = assertOutageReported(watch, down, up);
        }
        // The hub confirms its position by heartbeat, so the department's shutdown does not wait for it
        // (without, it waited until wal_sender_timeout, 60 s by default).
        assertThat(stopTook).isLessThan(Duration.ofSeconds(10));
        assertPoolEqualsDepartmentWithOneVersionPerChange(department);
        FaultResults.record("department server restarted", "fast shutdown took " + stopTook.toMillis() + " ms; " + outage + "; "
                + ledger.changes() + " changes, all applied once");
    }

    @Test
    void networkToTheDepartmentCutAndRestoredDelaysButLosesNothing(@Department(residents = RESIDENTS) TestDepartment department)
            throws Exception {
        try (TcpProxy network = TcpProxy.to(department.port())) {
            startStreaming(department, network.port());
            String outage;
            try (SteadyWriter writer = clerk(department).start(); SourceWatch watch = new SourceWatch(hub.process().api(), SOURCE, WATCH_INTERVAL)) {
                awaitMoreVersions(200);
                Instant down = Instant.now();
                network.cut();
                Patience.await().until(() -> watch.first("retrying", down).isPresent());
                pauseUntil(down.plus(OUTAGE));
                network.restore();
                Instant up = Instant.now();
                Patience.await().until(() -> watch.first("streaming", up).isPresent());
                awaitMoreVersions(200);
                writer.close();
                assertThat(writer.failed()).isZero();
                outage = assertOutageReported(watch, down, up);
            }
            assertPoolEqualsDepartmentWithOneVersionPerChange(department);
            FaultResults.record("network to the department cut", outage + "; " + ledger.changes() + " changes, all applied once");
            hub.kill(); // before its relay goes
        }
    }

    /** Slow: a fourth outage of the same kind for CI's budget; runs with {@code -Dgroups=faults}. */
    @Test
    @Tag("slow")
    void capturePasswordRotatedAndFixedLaterResumesWithoutRestartingTheHub(
            @Department(residents = RESIDENTS, privateServer = true) TestDepartment department) throws Exception {
        startStreaming(department, department.port());
        department.requirePasswords();
        String outage;
        try (SteadyWriter writer = clerk(department).start(); SourceWatch watch = new SourceWatch(hub.process().api(), SOURCE, WATCH_INTERVAL)) {
            awaitMoreVersions(200);
            // The DBA rotates the capture role's password and ends its session; the hub still has the old one.
            Instant down = Instant.now();
            department.execute("ALTER ROLE onceonly_cdc PASSWORD 'rotated-" + down.toEpochMilli() + "'");
            department.query("SELECT count(pg_terminate_backend(active_pid)) FROM pg_replication_slots WHERE slot_name = ?",
                    "onceonly_public_security_hukou");
            Patience.await().until(() -> watch.first("retrying", down).isPresent());
            pauseUntil(down.plus(OUTAGE));
            // The operator puts the new password where the connector file's ${file:...} points; no hub restart.
            Files.writeString(department.captureSecret(), "rotated-" + down.toEpochMilli() + "\n");
            Instant up = Instant.now();
            Patience.await().until(() -> watch.first("streaming", up).isPresent());
            awaitMoreVersions(200);
            writer.close();
            assertThat(writer.failed()).isZero();
            outage = assertOutageReported(watch, down, up);
            assertThat(watch.looks()).extracting(SourceWatch.Look::lastError).filteredOn(Objects::nonNull)
                    .anySatisfy(error -> assertThat(error).contains("authentication failed"));
        }
        assertPoolEqualsDepartmentWithOneVersionPerChange(department);
        FaultResults.record("capture password rotated, fixed later", outage + "; " + ledger.changes() + " changes, all applied once");
    }

    /** Starts the hub on the department, reached through {@code port} (the department's, or a relay's), and waits out the snapshot. */
    private void startStreaming(TestDepartment department, int port) {
        department.writeConnector(department.connectors(), SOURCE, port, "", "");
        ledger.snapshot(1, RESIDENTS);
        hub.start(config -> config.with(HubSettings.CONNECTORS, department.connectors()));
        Patience.await().until(() -> PoolChecks.versions(hub.pool(), SOURCE) >= RESIDENTS);
    }

    private SteadyWriter clerk(TestDepartment department) {
        return new SteadyWriter("outage", CHANGES_PER_SECOND, RESIDENTS, 11, (id, address) ->
                department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", address, id), ledger);
    }

    /**
     * While the fault lasted, the status endpoint and the metrics kept answering (200) and said
     * {@code retrying} with the error; afterwards the source streamed again by itself.
     */
    private String assertOutageReported(SourceWatch watch, Instant down, Instant up) {
        List<SourceWatch.Look> during = watch.looks().stream().filter(l -> !l.at().isBefore(down) && l.at().isBefore(up)).toList();
        assertThat(during).as(watch.summary()).isNotEmpty()
                .allSatisfy(look -> {
                    assertThat(look.httpStatus()).isEqualTo(200);
                    assertThat(look.metricsHttpStatus()).isEqualTo(200);
                })
                .anySatisfy(look -> {
                    assertThat(look.state()).isEqualTo("retrying");
                    assertThat(look.metricState()).isEqualTo("retrying");
                    assertThat(look.lastError()).isNotBlank();
                });
        Instant reported = watch.first("retrying", down).orElseThrow().at();
        Instant recovered = watch.first("streaming", up).orElseThrow().at();
        return "outage " + Duration.between(down, up).toMillis() + " ms, reported after "
                + Duration.between(down, reported).toMillis() + " ms, streaming again "
                + Duration.between(up, recovered).toMillis() + " ms after the fault ended; error shown: "
                + watch.first("retrying", down).orElseThrow().lastError();
    }

    private void awaitMoreVersions(long more) {
        PoolChecks.awaitMoreVersions(hub.pool(), SOURCE, more);
    }

    private void assertPoolEqualsDepartmentWithOneVersionPerChange(TestDepartment department) {
        PoolChecks.awaitPoolEqualsDepartment(hub.pool(), department, SOURCE, ledger, Patience.FLOW);
    }

    /** The outage itself: a fault lasts until then whatever the hub does meanwhile. */
    private static void pauseUntil(Instant end) throws InterruptedException {
        long millis = Duration.between(Instant.now(), end).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
