/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.hub.Hub;
import org.onceonly.hub.HubConfig;
import org.onceonly.hub.HubSettings;
import org.onceonly.source.SecretReference;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceDefinitionLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code onceonly bench}: the hub against the best a user could do by hand, measured in the same run on
 * the same machine (docs/performance.md). Embedded PostgreSQL servers by default, external ones by flags.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the hub against raw baselines in the same run (snapshot, streaming, prefill, memory); "
                + "prints a table and writes bench-results.json.")
public final class BenchCommand implements Callable<Integer> {
    static final String HUB_SOURCE = "public-security-hukou";
    static final String RAW_SOURCE = "bench-plain-engine";

    @Option(names = "--quick", description = "A run of about a minute that keeps the harness working (CI); its numbers mean little.")
    boolean quick;

    @Option(names = "--rows", description = "Rows in the snapshot (default 1,000,000; quick 20,000).")
    Long rows;

    @Option(names = "--events", description = "Streaming events, as a burst and offered (default 60,000; quick 4,000).")
    Integer events;

    @Option(names = "--rate", description = "Events per second offered in the latency run (default 2,000).")
    Integer rate;

    @Option(names = "--subjects", description = "Subjects prefilled (default 10,000; quick 2,000).")
    Integer subjects;

    @Option(names = "--clients", description = "Concurrent prefill clients (default 16; quick 4).")
    Integer clients;

    @Option(names = "--prefill-seconds", description = "How long each prefill load runs (default 15; quick 2).")
    Integer prefillSeconds;

    @Option(names = "--batch-size", description = "The hub's apply.batchSize for this run (default: the hub's default, 2048).")
    Integer batchSize;

    @Option(names = "--linger-ms", description = "The hub's apply.lingerMs for this run (default: the hub's default).")
    Integer lingerMs;

    @Option(names = "--scenarios", split = ",", description = "Which scenarios run, always in the order snapshot, streaming, prefill (default: all three; "
            + "the others read what the snapshot loaded, so it always runs). For profiling one of them.")
    private List<String> scenarios;

    @Option(names = "--output", description = "Where the results go (default bench-results.json).")
    Path output = Path.of("bench-results.json");

    @Option(names = "--directory", description = "Working directory for embedded servers and offsets (default: a new temporary one, removed afterwards).")
    Path directory;

    @Option(names = "--routes", description = "Route folder (default routes).")
    Path routes = Path.of("routes");

    @Option(names = "--pool-url", description = "An external, empty pool database (JDBC URL) instead of an embedded one.")
    String poolUrl;

    @Option(names = "--pool-user", description = "The external pool's user.")
    String poolUser;

    @Option(names = "--pool-password", description = "The external pool's password, as ${env:NAME} or ${file:PATH}.")
    String poolPassword;

    @Option(names = "--department-host", description = "An external department PostgreSQL (wal_level=logical) instead of an embedded one. "
            + "The benchmark drops and recreates hukou.residents in --department-database: use a scratch database.")
    String departmentHost;

    @Option(names = "--department-port", description = "The external department's port (default 5432).")
    int departmentPort = 5432;

    @Option(names = "--department-database", description = "The external department's scratch database.")
    String departmentDatabase;

    @Option(names = "--department-user", description = "The external department's user: creates the table and publication, and captures.")
    String departmentUser;

    @Option(names = "--department-password", description = "The external department's password, as ${env:NAME} or ${file:PATH}.")
    String departmentPassword;

    @Override
    public Integer call() throws Exception {
        BenchOptions defaults = quick ? BenchOptions.QUICK : BenchOptions.FULL;
        BenchOptions options = new BenchOptions(rows != null ? rows : defaults.rows(), events != null ? events : defaults.events(),
                rate != null ? rate : defaults.offeredPerSecond(), subjects != null ? subjects : defaults.subjects(),
                clients != null ? clients : defaults.clients(),
                prefillSeconds != null ? Duration.ofSeconds(prefillSeconds) : defaults.prefillTime(), defaults.warmUpLimit());
        List<Scenario> chosen = chosenScenarios();
        PrintStream out = System.out;
        boolean temporary = directory == null;
        Path work = temporary ? Files.createTempDirectory("onceonly-bench") : Files.createDirectories(directory);
        BenchResults results = new BenchResults();
        EmbeddedPostgresServer embeddedDepartment = null;
        Hub hub = null;
        try {
            HubConfig config = hubConfig(work);
            out.printf("onceonly bench%s: %,d rows, %,d events at %,d/s, %,d subjects, %d clients; apply.batchSize %d, "
                            + "apply.lingerMs %d; max heap %d MB; working in %s%n", quick ? " --quick" : "", options.rows(),
                    options.events(), options.offeredPerSecond(), options.subjects(), options.clients(),
                    config.batching().maxSize(), config.batching().lingerMs(), HeapPeak.maxHeapMegabytes(), work);
            Departments departments;
            if (departmentHost == null) {
                embeddedDepartment = EmbeddedPostgresServer.start(work.resolve("department"), 0);
                embeddedDepartment.ensureDatabase("hukou");
                Path secret = writeSecret(work.resolve("secrets/department.password"), "embedded");
                departments = new Departments("127.0.0.1", embeddedDepartment.port(), "hukou", EmbeddedPostgresServer.SUPERUSER,
                        "${file:" + secret.toAbsolutePath() + "}");
            } else {
                if (departmentDatabase == null || departmentUser == null || departmentPassword == null) {
                    throw new IllegalArgumentException("--department-host needs --department-database, --department-user and --department-password");
                }
                departments = new Departments(departmentHost, departmentPort, departmentDatabase, departmentUser, departmentPassword);
            }
            BenchDepartment department = new BenchDepartment("jdbc:postgresql://" + departments.host() + ":" + departments.port()
                    + "/" + departments.database(), departments.user(),
                    SecretReference.parse("--department-password", departments.password()).resolve());
            long seeding = System.nanoTime();
            department.create(options.rows());
            out.printf("department: %,d residents seeded in %.1f s%n", options.rows(), SnapshotScenario.seconds(seeding));
            SourceDefinition hubSource = departments.register(work.resolve("sources"), HUB_SOURCE);
            SourceDefinition rawSource = departments.register(work.resolve("sources"), RAW_SOURCE);

            String token = PrefillScenario.register(config.platform().clients(), config.platform().forms());
            hub = Hub.start(config);
            HubHttp http = new HubHttp(hub.config().httpHost(), hub.config().httpPort(), token, PrefillScenario.PURPOSE);
            BenchRun run = new BenchRun(options, work, department, hub, http, hubSource, rawSource, out);
            for (Scenario scenario : chosen) {
                out.printf("-- %s%n", scenario.name());
                scenario.run(run, results);
            }
            results.machine(Runtime.getRuntime().availableProcessors(), jvm(), postgresVersion(hub));
        } finally {
            if (hub != null) {
                hub.close();
            }
            if (embeddedDepartment != null) {
                embeddedDepartment.close();
            }
            if (temporary) {
                deleteTree(work);
            }
        }
        results.write(output);
        out.println();
        results.print(out);
        out.printf("results written to %s%n", output.toAbsolutePath());
        return 0;
    }

    /** The snapshot, then the chosen others in the usual order; an unknown name is refused before anything starts. */
    private List<Scenario> chosenScenarios() {
        List<Scenario> all = List.of(new SnapshotScenario(), new StreamingScenario(), new PrefillScenario());
        if (scenarios == null) {
            return all;
        }
        List<String> names = all.stream().map(Scenario::name).toList();
        for (String name : scenarios) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("--scenarios: unknown scenario '" + name + "' (known: " + String.join(", ", names) + ")");
            }
        }
        return all.stream().filter(s -> s instanceof SnapshotScenario || scenarios.contains(s.name())).toList();
    }

    private HubConfig hubConfig(Path work) throws IOException {
        HubConfig config = HubConfig.defaults()
                .with(HubSettings.DATA_DIRECTORY, work.resolve("hub"))
                .with(HubSettings.POOL_EMBEDDED_PORT, 0)
                .with(HubSettings.HTTP_PORT, freePort())
                .with(HubSettings.CONNECTORS, Files.createDirectories(work.resolve("connectors")))
                .with(HubSettings.ROUTES, routes)
                .with(HubSettings.APPLY_BATCH_SIZE, batchSize)
                .with(HubSettings.APPLY_LINGER_MS, lingerMs)
                .with(HubSettings.CLIENTS, work.resolve("clients"))
                .with(HubSettings.FORMS, work.resolve("forms"));
        if (poolUrl != null) {
            config = config.with(HubSettings.POOL_JDBC_URL, poolUrl).with(HubSettings.POOL_USER, poolUser)
                    .with(HubSettings.POOL_PASSWORD, SecretReference.parse("--pool-password", poolPassword));
        }
        return config;
    }

    /** Where the benchmark's department is, and how its sources are registered there. */
    private record Departments(String host, int port, String database, String user, String password) {
        SourceDefinition register(Path folder, String id) throws IOException {
            Files.createDirectories(folder);
            Path file = Files.writeString(folder.resolve(id + ".yaml"), """
                    id: %s
                    department: public-security
                    owner: bench@onceonly.invalid
                    kind: postgres
                    host: %s
                    port: %d
                    database: %s
                    user: %s
                    password: %s
                    tables:
                      - name: %s
                    options:
                      publication.autocreate.mode: disabled
                      publication.name: %s
                    """.formatted(id, host, port, database, user, password, BenchDepartment.TABLE, BenchDepartment.PUBLICATION));
            return SourceDefinitionLoader.load(file);
        }
    }

    private static Path writeSecret(Path file, String secret) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, secret);
    }

    private static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    private static String postgresVersion(Hub hub) {
        try (Connection connection = hub.pool().dataSource().getConnection();
             ResultSet row = connection.createStatement().executeQuery("SHOW server_version")) {
            row.next();
            return row.getString(1);
        } catch (java.sql.SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("onceonly bench: could not remove " + root + ": " + e.getMessage());
        }
    }
}
