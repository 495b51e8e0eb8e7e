/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;

/**
 * Streaming at a steady rate with concurrent API traffic, for {@code -Donceonly.load.duration} (ISO-8601,
 * default {@code PT1M} for CI; the documented runs use {@code PT30M}): the hub's heap after a full
 * collection stays flat, its threads do not pile up, the lag stays bounded, the API never answers 5xx, and
 * afterwards the pool equals the department with one version per change.
 */
@Tag("faults")
class SustainedLoadIT {
    private static final String SOURCE = TestDepartment.SOURCE_ID;
    private static final Duration DURATION = Duration.parse(System.getProperty("onceonly.load.duration", "PT1M"));
    private static final int CHANGES_PER_SECOND = Integer.getInteger("onceonly.load.changesPerSecond", 100);
    private static final int API_CLIENTS = 3;
    private static final Duration API_PACE = Duration.ofMillis(25);
    private static final int RESIDENTS = 5_000;
    /** Heap after a full collection may grow by this much from the first samples to the last before it counts as a leak. */
    private static final long HEAP_TOLERANCE = 24L * 1024 * 1024;
    private static final Duration LAG_BOUND = Duration.ofSeconds(10);

    @Department(residents = RESIDENTS)
    TestDepartment department;
    @RegisterExtension
    final HubExtension hub = FaultHubs.process().startedByTest();

    /** One look at the hub during the run. */
    record Sample(Duration at, double liveDataMb, double heapUsedMb, int threads, double lagSeconds, long probeMillis, long changes) {
        @Override
        public String toString() {
            return String.format("t=%ds live=%.1fMB heap=%.1fMB threads=%d lag=%.1fs probe=%dms changes=%d", at.toSeconds(), liveDataMb,
                    heapUsedMb, threads, lagSeconds, probeMillis, changes);
        }
    }

    @Test
    void steadyStreamingWithConcurrentApiTrafficKeepsHeapFlatAndLagBounded() throws Exception {
        String probeResident = IdentityNumbers.valid("650102", "19800101", 1);
        long probeId = RESIDENTS + 1L;
        department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                probeId, probeResident, "探针", "1", "01", "19800101", "探针地址0");
        hub.start();
        ApiClient api = hub.api();
        Patience.await().atMost(Patience.DRAIN).until(() -> versions() >= RESIDENTS + 1);
        List<String> residents = identityNumbers();

        ChangeLedger ledger = new ChangeLedger();
        ledger.snapshot(1, probeId);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<Sample> samples = new ArrayList<>();
        Duration every = DURATION.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(1) : Duration.ofSeconds(10);
        Instant start = Instant.now();
        try (SteadyWriter writer = new SteadyWriter("load", CHANGES_PER_SECOND, RESIDENTS, 23, (id, address) ->
                department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", address, id), ledger).start();
             ApiTraffic traffic = new ApiTraffic(api, residents, statuses).start()) {
            int probe = 0;
            while (Duration.between(start, Instant.now()).compareTo(DURATION) < 0) {
                Instant next = Instant.now().plus(every);
                fullGc();
                HubMetricsScrape metrics = HubMetricsScrape.of(api.text("/metrics"), SOURCE);
                long probeMillis = probe(api, probeResident, probeId, ++probe, ledger);
                samples.add(new Sample(Duration.between(start, Instant.now()), metrics.liveDataBytes() / 1048576.0,
                        metrics.heapUsedBytes() / 1048576.0, (int) metrics.liveThreads(), metrics.lagSeconds(), probeMillis, writer.written()));
                long wait = Duration.between(Instant.now(), next).toMillis();
                if (wait > 0) {
                    TimeUnit.MILLISECONDS.sleep(wait); // sampling pace
                }
            }
            writer.close();
            assertThat(writer.failed()).isZero();
        }
        Duration ran = Duration.between(start, Instant.now());
        samples.forEach(System.out::println);

        assertThat(statuses.keySet()).as("API statuses %s", statuses).allSatisfy(status -> assertThat(status).isLessThan(500));
        assertThat(samples).as("samples").hasSizeGreaterThanOrEqualTo(4);
        // Flat heap: the live data after a full collection, first samples (after the first, the warm-up) against the last ones.
        List<Sample> settled = samples.subList(1, samples.size());
        double before = median(settled.subList(0, Math.min(3, settled.size())).stream().mapToDouble(Sample::liveDataMb).toArray());
        double after = median(settled.subList(Math.max(0, settled.size() - 3), settled.size()).stream().mapToDouble(Sample::liveDataMb).toArray());
        assertThat(after - before).as("growth of the heap after full GC, MB: %s", samples).isLessThan(HEAP_TOLERANCE / 1048576.0);
        assertThat(settled.get(settled.size() - 1).threads()).as("threads: %s", samples).isLessThanOrEqualTo(settled.get(0).threads() + 10);
        assertThat(samples).as("lag").allSatisfy(sample -> {
            assertThat(sample.lagSeconds()).isLessThan(LAG_BOUND.toSeconds());
            assertThat(sample.probeMillis()).isLessThan(LAG_BOUND.toMillis());
        });

        Instant stopped = Instant.now();
        PoolChecks.awaitPoolEqualsDepartment(hub.pool(), department, SOURCE, ledger, Patience.DRAIN);
        Duration drained = Duration.between(stopped, Instant.now());
        long requests = statuses.values().stream().mapToLong(AtomicLong::get).sum();
        FaultResults.record("sustained load " + DURATION, String.format(
                "ran %ds: %d changes at %d/s, %d API requests (%s) from %d clients; heap after full GC %.1f MB -> %.1f MB "
                        + "(max %.1f), threads %d -> %d, max lag %.1f s, max end-to-end probe %d ms; pool equal %d ms after the last change; "
                        + "samples: %s",
                ran.toSeconds(), ledger.changes() - RESIDENTS - 1, CHANGES_PER_SECOND, requests, new TreeMap<>(statuses), API_CLIENTS,
                before, after, samples.stream().mapToDouble(Sample::liveDataMb).max().orElse(0), settled.get(0).threads(),
                settled.get(settled.size() - 1).threads(), samples.stream().mapToDouble(Sample::lagSeconds).max().orElse(0),
                samples.stream().mapToLong(Sample::probeMillis).max().orElse(0), drained.toMillis(), samples));
    }

    /** A full collection in the hub process, so that what is left on the heap is what the hub keeps. */
    private void fullGc() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(hub.process().pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.run failed on the hub process");
        }
    }

    /** End-to-end lag: a change to the probe resident, timed until the API serves it. */
    private long probe(ApiClient api, String resident, long id, int n, ChangeLedger ledger) {
        String address = "探针地址" + n;
        Instant written = Instant.now();
        department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", address, id);
        ledger.changed(id);
        Patience.await().atMost(Patience.DRAIN).pollInterval(Duration.ofMillis(50)).until(() -> {
            ApiClient.Response response = api.get("/v1/subjects/" + resident + "/person");
            return response.status() == 200 && address.equals(response.body().path("fields").path("registeredAddress").path("value").asText());
        });
        return Duration.between(written, Instant.now()).toMillis();
    }

    private long versions() {
        return PoolChecks.versions(hub.pool(), SOURCE);
    }

    private List<String> identityNumbers() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = department.database().getConnection();
             ResultSet row = connection.createStatement().executeQuery("SELECT sfzh FROM hukou.residents ORDER BY id")) {
            while (row.next()) {
                ids.add(row.getString(1));
            }
        }
        return ids;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Platform services reading while the department writes: a mix of the API's read endpoints, good and bad requests. */
    private static final class ApiTraffic implements AutoCloseable {
        private final ApiClient api;
        private final List<String> residents;
        private final Map<Integer, AtomicLong> statuses;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stopped;

        ApiTraffic(ApiClient api, List<String> residents, Map<Integer, AtomicLong> statuses) {
            this.api = api;
            this.residents = residents;
            this.statuses = statuses;
        }

        ApiTraffic start() {
            for (int i = 0; i < API_CLIENTS; i++) {
                Random random = new Random(100 + i);
                Thread thread = new Thread(() -> run(random), "api-client-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            return this;
        }

        private void run(Random random) {
            while (!stopped) {
                String resident = residents.get(random.nextInt(residents.size()));
                String path = switch (random.nextInt(10)) {
                    case 0, 1, 2, 3 -> "/v1/subjects/" + resident + "/person";
                    case 4, 5 -> "/v1/subjects/" + resident;
                    case 6 -> "/v1/admin/sources";
                    case 7 -> "/v1/admin/conflicts?entity=Person&limit=20";
                    case 8 -> "/v1/admin/quarantine/summary";
                    default -> "/v1/subjects/" + resident.substring(0, 17) + (resident.charAt(17) == '1' ? '2' : '1') + "/person"; // 400
                };
                try {
                    int status = api.exchange("GET", path, null, null).status();
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                } catch (RuntimeException e) {
                    statuses.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet(); // no answer at all
                }
                try {
                    Thread.sleep(API_PACE.toMillis()); // a client's pace
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            stopped = true;
            threads.forEach(Thread::interrupt);
        }
    }
}
