/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A MariaDB server of our own, run from the machine's binaries ({@code mariadb-install-db},
 * {@code mariadbd}) on a data directory under {@code directory}, listening on 127.0.0.1 only, with its own
 * socket, pid file and error log there and a row-based binary log for Debezium. No shared server is ever
 * touched or reconfigured. The data directory is initialised once; a later start on the same directory
 * resumes with what it holds. Closing shuts the server down cleanly and keeps its files.
 */
public final class EmbeddedMariaDbServer implements AutoCloseable {
    /** The Debian package with {@code mariadbd} and {@code mariadb-install-db}. */
    public static final String PACKAGE = "mariadb-server-core";
    /** The server's own {@code server_id}; the hub's replica ids (5400–6399) stay clear of it. */
    public static final int SERVER_ID = 1;
    public static final List<Path> BINARY_DIRECTORIES = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"),
            Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"));
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN = Duration.ofSeconds(30);
    /** A Unix socket path longer than this (sun_path is 108 bytes on Linux) cannot be bound. */
    private static final int SOCKET_PATH_LIMIT = 107;

    private final Path directory;
    private final int port;
    private final Process server;
    private final boolean initialised;
    private final Thread stopOnExit;

    private EmbeddedMariaDbServer(Path directory, int port, Process server, boolean initialised) {
        this.directory = directory;
        this.port = port;
        this.server = server;
        this.initialised = initialised;
        // A clean stop, not a kill: when the JVM exits without close(), InnoDB still shuts down in order.
        this.stopOnExit = new Thread(this::stop, "stop-mariadb");
    }

    /** True when the MariaDB server binaries are installed (on PATH or in the usual system directories). */
    public static boolean installed() {
        return find("mariadbd").isPresent() && find("mariadb-install-db").isPresent();
    }

    /**
     * Starts a server whose files live under {@code directory} (created, and initialised with
     * {@code mariadb-install-db}, when it holds no data directory yet) on {@code port}.
     *
     * @throws IllegalStateException when the binaries are missing or the server does not come up; the
     *         message quotes the end of the server's error log
     */
    public static EmbeddedMariaDbServer start(Path directory, int port) {
        Path mariadbd = find("mariadbd").orElseThrow(EmbeddedMariaDbServer::notInstalled);
        Path installDb = find("mariadb-install-db").orElseThrow(EmbeddedMariaDbServer::notInstalled);
        Path home = directory.toAbsolutePath().normalize();
        if (home.resolve("mariadbd.sock").toString().length() > SOCKET_PATH_LIMIT) {
            throw new IllegalArgumentException("the MariaDB socket path under " + home + " is too long for a Unix socket;"
                    + " use a shorter directory");
        }
        try {
            Files.createDirectories(home);
            Path config = home.resolve("my.cnf");
            Files.writeString(config, """
                    [mariadbd]
                    datadir=%1$s/data
                    socket=%1$s/mariadbd.sock
                    pid-file=%1$s/mariadbd.pid
                    log_error=%1$s/error.log
                    port=%2$d
                    bind-address=127.0.0.1
                    skip-name-resolve
                    log_bin=mariadb-bin
                    binlog_format=ROW
                    binlog_row_image=FULL
                    server_id=%3$d
                    character_set_server=utf8mb4
                    collation_server=utf8mb4_unicode_ci
                    innodb_buffer_pool_size=32M
                    innodb_log_file_size=16M
                    """.formatted(home, port, SERVER_ID));
            // The system tables are the mark of an initialised directory; a half-made one (install-db
            // interrupted) has none and is initialised again.
            boolean initialise = !Files.isDirectory(home.resolve("data/mysql"));
            if (initialise) {
                run(home.resolve("install-db.log"), installDb.toString(), "--defaults-file=" + config,
                        "--auth-root-authentication-method=normal", "--skip-test-db", asUser());
            }
            Process process = new ProcessBuilder(mariadbd.toString(), "--defaults-file=" + config, asUser())
                    .redirectErrorStream(true).redirectOutput(home.resolve("mariadbd.out").toFile()).start();
            EmbeddedMariaDbServer mariaDb = new EmbeddedMariaDbServer(home, port, process, initialise);
            Runtime.getRuntime().addShutdownHook(mariaDb.stopOnExit);
            try {
                mariaDb.awaitReady();
                if (initialise) {
                    // An anonymous ''@localhost account would shadow named accounts connecting from localhost.
                    mariaDb.executeAsRoot("DELETE FROM mysql.global_priv WHERE User = ''");
                    mariaDb.executeAsRoot("FLUSH PRIVILEGES");
                }
            } catch (RuntimeException e) {
                mariaDb.close();
                throw e;
            }
            return mariaDb;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start MariaDB under " + home + ": " + e.getMessage(), e);
        }
    }

    private static IllegalStateException notInstalled() {
        return new IllegalStateException("MariaDB's server binaries (mariadbd, mariadb-install-db) were not found on PATH or in "
                + BINARY_DIRECTORIES + ": apt-get install " + PACKAGE);
    }

    static Optional<Path> find(String name) {
        List<Path> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            Stream.of(path.split(":")).filter(entry -> !entry.isBlank()).map(Path::of).forEach(directories::add);
        }
        directories.addAll(BINARY_DIRECTORIES);
        return directories.stream().map(directory -> directory.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    /** mariadbd refuses to run as root unless told to; any other user runs it as themselves. */
    private static String asUser() {
        return "--user=" + System.getProperty("user.name");
    }

    private static void run(Path log, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish in 2 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed (exit " + process.exitValue() + "): " + tail(log));
        }
    }

    /** Polls a root connection until the server answers; a server that exits meanwhile fails at once. */
    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + server.exitValue() + ": " + tail(directory.resolve("error.log")));
            }
            try (Connection connection = rootConnection()) {
                if (connection.isValid(1)) {
                    return;
                }
            } catch (SQLException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("mariadbd did not answer on port " + port + " within " + STARTUP.toSeconds()
                        + " s: " + tail(directory.resolve("error.log")));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for mariadbd", e);
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The directory holding the server's configuration, data directory, socket, pid file and logs. */
    public Path directory() {
        return directory;
    }

    /** True when this start initialised the data directory, false when it resumed an existing one. */
    public boolean initialised() {
        return initialised;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /**
     * The password-less root account (installed with {@code --auth-root-authentication-method=normal}); the
     * server listens on 127.0.0.1 only, like the embedded PostgreSQL's trusted loopback.
     */
    public Connection rootConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(""), "root", "");
    }

    /** One parameterised statement as root, autocommitted. */
    public void executeAsRoot(String sql, Object... parameters) {
        try (Connection connection = rootConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Shuts the server down (SIGTERM: a clean shutdown); its files stay for the next start. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
    }

    private void stop() {
        server.destroy();
        try {
            if (!server.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
