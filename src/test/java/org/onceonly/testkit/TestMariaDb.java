/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.onceonly.demo.EmbeddedMariaDbServer;

/**
 * A MariaDB server owned by one test: an {@link EmbeddedMariaDbServer} (the machine's own binaries) on a
 * fresh temporary directory of its own, a free port, its own socket and pid file, and a row-based binary
 * log for Debezium. The machine's shared server (port 3306) is never touched. Closing it
 * shuts the server down and deletes its files.
 *
 * <p>Without the binaries the test is skipped, loudly; under {@code ONCEONLY_REQUIRE_SERVERS=true} (CI) it
 * fails instead, naming the Debian package to install.
 */
public final class TestMariaDb implements AutoCloseable {
    static final String PACKAGE = "mariadb-server";
    /** The server's own {@code server_id}; the hub's replica ids (5400–6399) stay clear of it. */
    static final int SERVER_ID = EmbeddedMariaDbServer.SERVER_ID;
    private static final List<Path> BINARY_DIRECTORIES = EmbeddedMariaDbServer.BINARY_DIRECTORIES;

    private final Path home;
    private final int port;
    private EmbeddedMariaDbServer server;

    private TestMariaDb(Path home, EmbeddedMariaDbServer server) {
        this.home = home;
        this.server = server;
        this.port = server.port();
    }

    /** Starts a fresh server; see {@link #requireInstalled()} for when MariaDB is not installed. */
    public static TestMariaDb start() {
        requireInstalled();
        Path home;
        try {
            home = Files.createTempDirectory("onceonly-mariadb-"); // short: the socket path has a length limit
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for a test MariaDB: " + e.getMessage(), e);
        }
        try {
            return new TestMariaDb(home, EmbeddedMariaDbServer.start(home, TestHubs.freePort()));
        } catch (RuntimeException e) {
            deleteTree(home); // the server's error log is quoted in the message
            throw e;
        }
    }

    /** True when the MariaDB server binaries are installed. */
    public static boolean installed() {
        return EmbeddedMariaDbServer.installed();
    }

    /**
     * Skips the calling test when MariaDB is not installed, or fails it under
     * {@code ONCEONLY_REQUIRE_SERVERS=true}; either way the message names the package to install. Call it
     * from a test or {@code @BeforeEach} (a skip in {@code @BeforeAll} is not counted in the report).
     */
    public static void requireInstalled() {
        if (installed()) {
            return;
        }
        String message = "MariaDB's server binaries (mariadbd, mariadb-install-db) were not found on PATH or in "
                + BINARY_DIRECTORIES + ": install the Debian package " + PACKAGE + " (apt-get install " + PACKAGE
                + "; .ci/run does this) to run the MariaDB tests";
        if ("true".equals(System.getenv("ONCEONLY_REQUIRE_SERVERS"))) {
            Assertions.fail(message + " (ONCEONLY_REQUIRE_SERVERS=true: a server that cannot start is a failure)");
        }
        System.err.println("*** SKIPPED: " + message);
        Assumptions.abort(message);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return server.jdbcUrl(database);
    }

    /** The password-less root account (installed with {@code --auth-root-authentication-method=normal}). */
    public Connection rootConnection() throws SQLException {
        return server.rootConnection();
    }

    /** Shuts the server down cleanly (SIGTERM), keeping its files. */
    public synchronized void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts it again on the same port and data directory; the binary log goes on in a new file. */
    public synchronized void startServer() {
        if (server == null) {
            server = EmbeddedMariaDbServer.start(home, port);
        }
    }

    /** One parameterised statement as root, autocommitted. */
    public void executeAsRoot(String sql, Object... parameters) {
        server.executeAsRoot(sql, parameters);
    }

    /**
     * The household register on this server: database {@code hukou}, table {@code hukou.residents} seeded
     * with {@code residents} rows, and a capture account {@code onceonly_cdc} with exactly the grants the
     * docs ask a DBA for. Its password is generated and kept in a file under {@code directory}.
     */
    public BinlogDepartment householdRegister(Path directory, int residents) {
        Path secret = directory.resolve("secrets/public-security-hukou-mariadb.password");
        try {
            Files.createDirectories(secret.getParent());
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            String password = HexFormat.of().formatHex(bytes);
            Files.writeString(secret, password + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            executeAsRoot("CREATE DATABASE hukou CHARACTER SET utf8mb4");
            BinlogDepartment department = BinlogDepartment.create("mariadb",
                    new BinlogDepartment.Server(jdbcUrl("hukou"), "root", "", "127.0.0.1", port()),
                    "hukou", "residents", "onceonly_cdc", "${file:" + secret.toAbsolutePath() + "}", directory, residents);
            executeAsRoot("CREATE USER 'onceonly_cdc'@'%' IDENTIFIED BY ?", password);
            executeAsRoot("GRANT RELOAD, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'onceonly_cdc'@'%'");
            executeAsRoot("GRANT SELECT ON hukou.residents TO 'onceonly_cdc'@'%'");
            return department;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shuts the server down (SIGTERM: a clean shutdown), then deletes its files. */
    @Override
    public void close() {
        stopServer();
        deleteTree(home);
    }

    private static void deleteTree(Path home) {
        if (!Files.exists(home)) {
            return;
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete the test MariaDB's files under " + home + ": " + e.getMessage());
        }
    }
}
