package org.onceonly.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.HubProcess;
import org.onceonly.testkit.TestDepartment;

/**
 * Servers and the network fail under a streaming hub: the pool's server restarts, the department's server
 * restarts, the network to the department is cut (every connection closed, new ones refused) and restored.
 * Each time the hub reports the outage in the source's status and metrics while it lasts, retries with
 * back-off, and resumes by itself with nothing lost: the pool ends equal to the department row by row, with
 * one history version per change.
 */
@Tag("faults")
class OutageTest {
    private static final String SOURCE = "public-security-hukou";
    private static final int RESIDENTS = 2_000;
    private static final int CHANGES_PER_SECOND = 100;
    private static final Duration OUTAGE = Duration.ofSeconds(6);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path directory;
    private TestDepartment department;
    private PoolServer pool;
    private TcpProxy network;
    private HubProcess hub;
    private final ChangeLedger ledger = new ChangeLedger();

    @AfterEach
    void tearDown(TestInfo test) {
        if (hub != null) {
            hub.kill();
            FaultLogs.keep(hub, test);
        }
        if (network != null) {
            network.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (department != null) {
            department.close();
        }
    }

    @Test
    void poolServerRestartedWhileStreamingDelaysButLosesNothing() throws Exception {
        startStreaming(false);
        String outage;
        String resident = department.identityNumberOf(1);
        try (SteadyWriter writer = clerk().start(); SourceWatch watch = new SourceWatch(hub.api(), SOURCE, WATCH_INTERVAL)) {
            awaitMoreVersions(200);
            Instant down = Instant.now();
            pool.stop();
            await().atMost(PATIENCE).until(() -> watch.first("retrying", down).isPresent());
            // The API says the pool is away, and to come back, rather than failing.
            ApiClient.Response read = hub.api().get("/v1/subjects/" + resident + "/person");
            assertThat(read.status()).isEqualTo(503);
            assertThat(read.body().get("error").asText()).isEqualTo("unavailable");
            pauseUntil(down.plus(OUTAGE));
            pool.start();
            Instant up = Instant.now();
            await().atMost(PATIENCE).until(() -> watch.first("streaming", up).isPresent());
            awaitMoreVersions(200);
            writer.close();
            assertThat(writer.failed()).isZero();
            outage = assertOutageReported(watch, down, up);
        }
        assertPoolEqualsDepartmentWithOneVersionPerChange();
        FaultResults.record("pool server restarted", outage + "; " + ledger.changes() + " changes, all applied once");
        assertThat(hub.api().get("/v1/subjects/" + resident + "/person").status()).isEqualTo(200);
    }

    @Test
    void departmentServerRestartedWhileStreamingDelaysButLosesNothing() throws Exception {
        startStreaming(false);
        String outage;
        Duration stopTook;
        try (SteadyWriter writer = clerk().start(); SourceWatch watch = new SourceWatch(hub.api(), SOURCE, WATCH_INTERVAL)) {
            awaitMoreVersions(200);
            writer.pause(); // a commit cut off by the shutdown would leave its outcome unknown to the ledger
            Instant down = Instant.now();
            department.stopServer();
            stopTook = Duration.between(down, Instant.now());
            await().atMost(PATIENCE).until(() -> watch.first("retrying", down).isPresent());
            pauseUntil(down.plus(OUTAGE));
            department.startServer();
            Instant up = Instant.now();
            writer.resume();
            await().atMost(PATIENCE).until(() -> watch.first("streaming", up).isPresent());
            awaitMoreVersions(200);
            writer.close();
            assertThat(writer.failed()).isZero();
            outage = assertOutageReported(watch, down, up);
        }
        // The hub confirms its position by heartbeat, so the department's shutdown does not wait for it
        // (without, it waited until wal_sender_timeout, 60 s by default).
        assertThat(stopTook).isLessThan(Duration.ofSeconds(10));
        assertPoolEqualsDepartmentWithOneVersionPerChange();
        FaultResults.record("department server restarted", "fast shutdown took " + stopTook.toMillis() + " ms; " + outage + "; "
                + ledger.changes() + " changes, all applied once");
    }

    @Test
    void networkToTheDepartmentCutAndRestoredDelaysButLosesNothing() throws Exception {
        startStreaming(true);
        String outage;
        try (SteadyWriter writer = clerk().start(); SourceWatch watch = new SourceWatch(hub.api(), SOURCE, WATCH_INTERVAL)) {
            awaitMoreVersions(200);
            Instant down = Instant.now();
            network.cut();
            await().atMost(PATIENCE).until(() -> watch.first("retrying", down).isPresent());
            pauseUntil(down.plus(OUTAGE));
            network.restore();
            Instant up = Instant.now();
            await().atMost(PATIENCE).until(() -> watch.first("streaming", up).isPresent());
            awaitMoreVersions(200);
            writer.close();
            assertThat(writer.failed()).isZero();
            outage = assertOutageReported(watch, down, up);
        }
        assertPoolEqualsDepartmentWithOneVersionPerChange();
        FaultResults.record("network to the department cut", outage + "; " + ledger.changes() + " changes, all applied once");
    }

    /** Slow: a fourth outage of the same kind for CI's budget; runs with {@code -Dgroups=faults}. */
    @Test
    @Tag("slow")
    void capturePasswordRotatedAndFixedLaterResumesWithoutRestartingTheHub() throws Exception {
        startStreaming(false);
        department.requirePasswords();
        String outage;
        try (SteadyWriter writer = clerk().start(); SourceWatch watch = new SourceWatch(hub.api(), SOURCE, WATCH_INTERVAL)) {
            awaitMoreVersions(200);
            // The DBA rotates the capture role's password and ends its session; the hub still has the old one.
            Instant down = Instant.now();
            department.execute("ALTER ROLE onceonly_cdc PASSWORD 'rotated-" + down.toEpochMilli() + "'");
            department.query("SELECT count(pg_terminate_backend(active_pid)) FROM pg_replication_slots WHERE slot_name = ?",
                    "onceonly_public_security_hukou");
            await().atMost(PATIENCE).until(() -> watch.first("retrying", down).isPresent());
            pauseUntil(down.plus(OUTAGE));
            // The operator puts the new password where the connector file's ${file:...} points; no hub restart.
            java.nio.file.Files.writeString(department.captureSecret(), "rotated-" + down.toEpochMilli() + "\n");
            Instant up = Instant.now();
            await().atMost(PATIENCE).until(() -> watch.first("streaming", up).isPresent());
            awaitMoreVersions(200);
            writer.close();
            assertThat(writer.failed()).isZero();
            outage = assertOutageReported(watch, down, up);
            assertThat(watch.looks()).extracting(SourceWatch.Look::lastError).filteredOn(java.util.Objects::nonNull)
                    .anySatisfy(error -> assertThat(error).contains("authentication failed"));
        }
        assertPoolEqualsDepartmentWithOneVersionPerChange();
        FaultResults.record("capture password rotated, fixed later", outage + "; " + ledger.changes() + " changes, all applied once");
    }

    private void startStreaming(boolean throughRelay) throws Exception {
        department = TestDepartment.start(directory, RESIDENTS);
        pool = PoolServer.start(directory.resolve("pool"));
        if (throughRelay) {
            network = TcpProxy.to(department.port());
            department.writeConnector(department.connectors(), SOURCE, network.port(), "", "");
        }
        Path config = HubConfigFile.write(directory.resolve("hub"), pool, department.connectors());
        ledger.snapshot(1, RESIDENTS);
        hub = HubProcess.start(config);
        await().atMost(PATIENCE).until(() -> versions() >= RESIDENTS);
    }

    private SteadyWriter clerk() {
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
        PoolChecks.awaitMoreVersions(pool, SOURCE, more, PATIENCE);
    }

    private long versions() {
        return PoolChecks.versions(pool, SOURCE);
    }

    private void assertPoolEqualsDepartmentWithOneVersionPerChange() throws Exception {
        PoolChecks.awaitPoolEqualsDepartment(pool, () -> department.database().getConnection(), "hukou.residents", SOURCE, ledger, PATIENCE);
    }

    /** The outage itself: a fault lasts until then whatever the hub does meanwhile. */
    private static void pauseUntil(Instant end) throws InterruptedException {
        long millis = Duration.between(Instant.now(), end).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
