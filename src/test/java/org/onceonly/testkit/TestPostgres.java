/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.onceonly.hub.EmbeddedPostgresServer;

/**
 * A PostgreSQL server for tests (zonky's binaries, like the embedded pool), set up for speed rather than
 * durability. One server per test JVM is shared by every test ({@link #shared}): each test class gets
 * databases of its own on it, copied from templates that are built once ({@link #copyOf}), so that a
 * build runs {@code initdb} once instead of once per class. A test that must stop, restart or reconfigure
 * its server (a crash, an outage, {@code pg_hba.conf}) gets a private one ({@link #startPrivate}).
 *
 * <p>The shared server is kept in JUnit's root store, so it is closed once when the run ends; a JVM
 * shutdown hook closes it for engines without that store (jqwik).
 */
public final class TestPostgres implements AutoCloseable {
    /**
     * Test-speed settings: no fsync and no full-page images (nothing here must survive a power cut; a
     * server the tests stop is stopped cleanly), room for the slots and senders of many departments at
     * once, and logical decoding, which department databases need.
     */
    static final Map<String, String> SETTINGS = Map.of(
            "fsync", "off",
            "full_page_writes", "off",
            "wal_level", "logical",
            "max_replication_slots", "40",
            "max_wal_senders", "40",
            "max_connections", "300",
            "max_wal_size", "2GB",
            "checkpoint_timeout", "30min");
    /** The superuser, trusted on loopback. */
    public static final String SUPERUSER = EmbeddedPostgresServer.SUPERUSER;
    private static final Duration SLOT_RELEASE = Duration.ofSeconds(30);
    private static TestPostgres shared;

    private final Path directory;
    private final Map<String, String> settings;
    private final int port;
    private final String capturePassword;
    private final Set<String> templates = new HashSet<>();
    private final AtomicInteger names = new AtomicInteger();
    private EmbeddedPostgresServer server;

    private TestPostgres(Path directory, Map<String, String> settings, EmbeddedPostgresServer server) {
        this.directory = directory;
        this.settings = Map.copyOf(settings);
        this.server = server;
        this.port = server.port();
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        this.capturePassword = HexFormat.of().formatHex(bytes);
    }

    /** The server shared by every test of this JVM, started on first use. */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            TestPostgres started = start("onceonly-test-pg-");
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "close-shared-test-postgres"));
            shared = started;
        }
        return shared;
    }

    /** As {@link #shared()}, closed when the JUnit run of {@code context} ends. */
    public static TestPostgres shared(ExtensionContext context) {
        TestPostgres server = shared();
        context.getRoot().getStore(ExtensionContext.Namespace.create(TestPostgres.class))
                .getOrComputeIfAbsent("shared", key -> (AutoCloseable) TestPostgres::closeShared, AutoCloseable.class);
        return server;
    }

    private static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** A server of the caller's own, on a free port, with the same settings; close it to delete its files. */
    public static TestPostgres startPrivate() {
        return startPrivate(Map.of());
    }

    /** As {@link #startPrivate()}, with {@code different} settings (a server set up the wrong way, say). */
    public static TestPostgres startPrivate(Map<String, String> different) {
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.putAll(different);
        return start("onceonly-private-pg-", settings);
    }

    private static TestPostgres start(String prefix) {
        return start(prefix, SETTINGS);
    }

    private static TestPostgres start(String prefix, Map<String, String> settings) {
        Path directory = TestDirectories.create(prefix);
        try {
            return new TestPostgres(directory, settings, EmbeddedPostgresServer.start(directory, 0, settings));
        } catch (RuntimeException e) {
            TestDirectories.delete(directory);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The superuser's connections to {@code database}, one per {@code getConnection()} (trust on loopback). */
    public DataSource dataSource(String database) {
        return runningServer().dataSource(database);
    }

    /** The server itself, for code that sets databases up on an {@link EmbeddedPostgresServer} (the demo's departments). */
    public EmbeddedPostgresServer server() {
        return runningServer();
    }

    /** The data directory, where {@code pg_hba.conf} is. */
    public Path dataDirectory() {
        return directory.resolve("pgdata");
    }

    /**
     * The password of the capture role on this server ({@code onceonly_cdc}, cluster-wide, shared by its
     * departments): the templates give the role this one, and each department keeps a copy in its secret file.
     */
    public String capturePassword() {
        return capturePassword;
    }

    /** A database name not used on this server yet: {@code prefix_N}. */
    public String uniqueName(String prefix) {
        return prefix + "_" + names.incrementAndGet();
    }

    /**
     * A database built once per server by {@code setUp}, after which it is only ever copied. Its name is a
     * plain lower-case identifier.
     */
    public record Template(String name, Consumer<TestDatabase> setUp) {
        public Template {
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("template name " + name + " is not a plain identifier");
            }
        }
    }

    /** A new database copied from {@code template} ({@code CREATE DATABASE ... TEMPLATE}); closing it drops it. */
    public TestDatabase copyOf(Template template) {
        return copy(template, uniqueName(template.name().replaceFirst("_template.*$", "")));
    }

    /** As {@link #copyOf(Template)}, under a name of the caller's choosing (from {@link #uniqueName}). */
    public synchronized TestDatabase copy(Template template, String name) {
        ensure(template);
        // Identifiers cannot be bound as parameters: both names are plain identifiers (checked).
        execute("CREATE DATABASE " + plain(name) + " TEMPLATE " + template.name());
        return new TestDatabase(this, name);
    }

    /** An empty database under {@code name}; closing it drops it. */
    public synchronized TestDatabase create(String name) {
        execute("CREATE DATABASE " + plain(name));
        return new TestDatabase(this, name);
    }

    private void ensure(Template template) {
        if (templates.contains(template.name())) {
            return;
        }
        execute("CREATE DATABASE " + template.name());
        template.setUp().accept(new TestDatabase(this, template.name()));
        // No one may connect to a template (a copy needs it idle), and autovacuum leaves it alone.
        execute("ALTER DATABASE " + template.name() + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        templates.add(template.name());
    }

    /**
     * Drops a database, and first the replication slots in it (a department's slots would otherwise keep
     * its WAL and block the drop), ending the sessions that hold them.
     */
    void drop(String database) {
        if (!running()) {
            return; // a private server the test left stopped: its files go with it
        }
        long deadline = System.nanoTime() + SLOT_RELEASE.toNanos();
        try (Connection connection = dataSource("postgres").getConnection()) {
            while (true) {
                try (PreparedStatement terminate = connection.prepareStatement(
                        "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = ? AND active_pid IS NOT NULL");
                     PreparedStatement drop = connection.prepareStatement(
                             "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = ? AND NOT active")) {
                    terminate.setString(1, database);
                    terminate.execute();
                    drop.setString(1, database);
                    drop.execute();
                } catch (SQLException stillActive) {
                    // a terminated sender has not released its slot yet
                }
                if (!hasSlots(connection, database)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the replication slots of " + database + " were not released within "
                            + SLOT_RELEASE.toSeconds() + " s");
                }
                pause();
            }
            try (Statement drop = connection.createStatement()) {
                drop.execute("DROP DATABASE IF EXISTS " + plain(database) + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + database + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasSlots(Connection connection, String database) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM pg_replication_slots WHERE database = ?")) {
            select.setString(1, database);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1) > 0;
            }
        }
    }

    private void execute(String sql) {
        try (Connection connection = dataSource("postgres").getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String plain(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name " + name + " is not a plain identifier");
        }
        return name;
    }

    /** Shuts the server down (fast shutdown), keeping its files: for tests of an outage. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
            // A shutdown may take longer than pg_ctl waits (it waits for replication clients); wait it out, as a DBA would.
            long deadline = System.nanoTime() + Patience.STARTUP.toNanos();
            long askAgain = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            boolean askedAgain = false;
            Path pidFile = dataDirectory().resolve("postmaster.pid");
            while (Files.exists(pidFile)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a test PostgreSQL did not shut down within " + Patience.STARTUP.toSeconds() + " s");
                }
                if (!askedAgain && System.nanoTime() > askAgain) {
                    // Seen after large runs: zonky's pg_ctl (run through unshare) reported failure and the
                    // postmaster never got the request. SIGINT is the same fast shutdown, sent directly.
                    askedAgain = true;
                    fastShutdown(pidFile);
                }
                pause();
            }
        }
    }

    private static void fastShutdown(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
        } catch (java.io.IOException | RuntimeException e) {
            // The file went away meanwhile, or holds no pid yet: the wait above decides.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again on the same port and data directory. */
    public synchronized void start() {
        if (server == null) {
            server = EmbeddedPostgresServer.start(directory, port, settings);
        }
    }

    private synchronized boolean running() {
        return server != null;
    }

    private synchronized EmbeddedPostgresServer runningServer() {
        if (server == null) {
            throw new IllegalStateException("the test PostgreSQL on port " + port + " is stopped");
        }
        return server;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server and deletes its files. */
    @Override
    public synchronized void close() {
        stop();
        TestDirectories.delete(directory);
    }
}
