/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.onceonly.hub.Hub;
import org.onceonly.hub.HubConfig;

/**
 * A running hub for a test: its own pool database (a copy of the pool template on the shared server), its
 * own folder with the test clients ({@link TestHubs}), the project's routes, schemas and forms, and — unless
 * the test names other connectors — the connector files of the class's {@link Department}. On a static
 * field it serves the whole class, on an instance field each test. It runs in this JVM ({@link #inProcess()})
 * or as its own process ({@link #ownProcess()}: a {@link HubProcess} the test may kill), and is stopped and
 * its pool dropped when its scope ends.
 *
 * <pre>
 * &#64;Department(residents = 100)
 * static TestDepartment department;
 * &#64;RegisterExtension
 * static final HubExtension hub = HubExtension.inProcess();
 * </pre>
 *
 * A test that must prepare files first (connectors, routes, clients) declares it {@link #startedByTest()} and
 * calls {@link #start(UnaryOperator)} itself; the hub can be stopped and started again on the same
 * configuration, pool and data ({@link #restart()}).
 */
public final class HubExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final boolean ownProcess;
    private final boolean startedByExtension;
    private final UnaryOperator<HubConfig> configuration;
    private final Path logs;

    private boolean classScope;
    private Path home;
    private Path connectors;
    private TestPool pool;
    private boolean ownsPool;
    private HubConfig config;
    private Hub hub;
    private HubProcess process;

    private HubExtension(boolean ownProcess, boolean startedByExtension, UnaryOperator<HubConfig> configuration, Path logs) {
        this.ownProcess = ownProcess;
        this.startedByExtension = startedByExtension;
        this.configuration = configuration;
        this.logs = logs;
    }

    /** A hub in this JVM (a {@link Hub}), started before the tests. */
    public static HubExtension inProcess() {
        return new HubExtension(false, true, UnaryOperator.identity(), null);
    }

    /** A hub in a JVM of its own (a {@link HubProcess}, killable), started before the tests. */
    public static HubExtension ownProcess() {
        return new HubExtension(true, true, UnaryOperator.identity(), null);
    }

    /** The same hub with {@code more} applied to its configuration (after the kit's defaults). */
    public HubExtension configuredBy(UnaryOperator<HubConfig> more) {
        return new HubExtension(ownProcess, startedByExtension, config -> more.apply(configuration.apply(config)), logs);
    }

    /** The same hub, started by the test ({@link #start()}) once it has prepared what the hub reads. */
    public HubExtension startedByTest() {
        return new HubExtension(ownProcess, false, configuration, logs);
    }

    /** The same hub, whose process log is copied to {@code folder}/{@code Class.method.log} when its scope ends. */
    public HubExtension keepingLogsIn(Path folder) {
        return new HubExtension(ownProcess, startedByExtension, configuration, folder);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classScope = true;
        open(context, DepartmentExtension.departments(context, true));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!classScope) {
            open(context, DepartmentExtension.departments(context, false));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!classScope) {
            close(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(context);
    }

    private void open(ExtensionContext context, List<Object> departments) {
        TestPostgres.shared(context);
        home = TestDirectories.create("onceonly-hub-");
        TestHubs.writeClients(clients());
        pool = TestPool.create();
        ownsPool = true;
        List<DepartmentConnectors> captured = departments.stream().filter(DepartmentConnectors.class::isInstance)
                .map(DepartmentConnectors.class::cast).toList();
        try {
            connectors = captured.size() == 1 ? captured.get(0).connectors() : Files.createDirectories(home.resolve("connectors"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (startedByExtension) {
            start();
        }
    }

    private void close(ExtensionContext context) {
        try {
            if (process != null) {
                process.kill(); // what it would write on an orderly stop is of no interest to the test any more
            }
            keepLog(context);
            if (hub != null) {
                hub.close();
            }
        } finally {
            hub = null;
            process = null;
            config = null;
            if (pool != null && ownsPool) {
                pool.close();
            }
            pool = null;
            if (home != null) {
                TestDirectories.delete(home);
            }
        }
    }

    private void keepLog(ExtensionContext context) {
        if (home == null || logs == null) {
            return; // set-up failed before the hub had a folder: there is no log to keep
        }
        Path log = home.resolve("hub.log");
        if (!Files.exists(log)) {
            return;
        }
        try {
            Files.createDirectories(logs);
            String name = context.getRequiredTestClass().getSimpleName() + context.getTestMethod().map(m -> "." + m.getName()).orElse("");
            Files.copy(log, logs.resolve(name + ".log"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("could not keep the hub log: " + e.getMessage());
        }
    }

    /** Starts the hub on its configuration ({@link #config()}). */
    public void start() {
        start(UnaryOperator.identity());
    }

    /** Starts the hub on its configuration with {@code more} applied; later starts keep the result. */
    public void start(UnaryOperator<HubConfig> more) {
        if (hub != null || process != null) {
            throw new IllegalStateException("the hub is running already");
        }
        config = more.apply(config());
        if (ownProcess) {
            process = HubProcess.start(configFile());
        } else {
            hub = Hub.start(config);
        }
    }

    /** The orderly stop (SIGTERM for a process); {@link #start()} starts it again on the same configuration and pool. */
    public void stop() {
        if (hub != null) {
            hub.close();
            hub = null;
        }
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    /** SIGKILL: the hub's process ends at once; {@link #start()} starts it again. */
    public void kill() {
        if (process == null) {
            throw new IllegalStateException("only a hub of its own process can be killed, and only while it runs");
        }
        process.kill();
        process = null;
    }

    public void restart() {
        stop();
        start();
    }

    /** The hub in this JVM, while it runs. */
    public Hub hub() {
        if (hub == null) {
            throw new IllegalStateException(ownProcess ? "the hub runs as its own process: use process()" : "the hub is not running");
        }
        return hub;
    }

    /** The hub's process, while it runs. */
    public HubProcess process() {
        if (process == null) {
            throw new IllegalStateException(ownProcess ? "the hub is not running" : "the hub runs in this JVM: use hub()");
        }
        return process;
    }

    /** The configuration the hub runs on (or will start on). */
    public HubConfig config() {
        if (config == null) {
            config = configuration.apply(TestHubs.config(home, connectors, pool));
        }
        return config;
    }

    /** The configuration as a file ({@code onceonly.yaml} in the hub's folder), for its process and for commands. */
    public Path configFile() {
        return HubConfigFile.write(config(), home.resolve("onceonly.yaml"));
    }

    /** A client of the hub's API, as the test platform client or administrator. */
    public ApiClient api() {
        return new ApiClient(config().httpPort());
    }

    /** The hub's pool, through its reading API. */
    public PoolView pool() {
        return pool.view();
    }

    /** The hub's pool database. */
    public TestPool poolDatabase() {
        return pool;
    }

    /**
     * Puts the hub on {@code other} (say, on a private server the test restarts) instead of its own pool;
     * before the first start only. The caller keeps closing {@code other}.
     */
    public void onPool(TestPool other) {
        if (config != null) {
            throw new IllegalStateException("the hub's configuration is made already: choose its pool before starting it");
        }
        if (ownsPool) {
            pool.close();
        }
        pool = other;
        ownsPool = false;
    }

    /** The hub's own folder (data, clients, configuration file, process log). */
    public Path home() {
        return home;
    }

    /** The folder of the hub's registered clients, where a test may add its own before the start. */
    public Path clients() {
        return home.resolve("clients");
    }
}
