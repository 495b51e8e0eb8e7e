/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * A MySQL server for the {@code mysql} kind's tests, from the first of:
 *
 * <ol>
 *   <li>the server the environment names ({@code ONCEONLY_MYSQL_URL=jdbc:mysql://host:port/db},
 *       {@code ONCEONLY_MYSQL_USER}, {@code ONCEONLY_MYSQL_PASSWORD}): the machine's own, or any other;</li>
 *   <li>a Testcontainers MySQL 8.4 container, where a Docker engine answers (a developer's laptop): binlog on,
 *       row-based with full images, {@code server_id} 1;</li>
 *   <li>neither: the test is skipped, loudly. Also under {@code ONCEONLY_REQUIRE_SERVERS=true}: no MySQL
 *       server can be installed on the project's machines (Debian ships MariaDB) and they run no Docker, so CI
 *       is not expected to have one.</li>
 * </ol>
 *
 * MariaDB's servers come from {@link TestMariaDb} (the machine's binaries), PostgreSQL's from {@link TestPostgres}.
 */
public final class TestMySql implements AutoCloseable {
    static final String IMAGE = "mysql:8.4";
    private static final Pattern MYSQL_URL = Pattern.compile("jdbc:mysql://([^:/?]+)(?::(\\d+))?/([A-Za-z_][A-Za-z0-9_]*)(?:\\?.*)?");

    private final BinlogDepartment.Server server;
    private final String database;
    /** A secret reference to the account's password, for connector files. */
    private final String passwordReference;
    private final MySQLContainer container;

    private TestMySql(BinlogDepartment.Server server, String database, String passwordReference, MySQLContainer container) {
        this.server = server;
        this.database = database;
        this.passwordReference = passwordReference;
        this.container = container;
    }

    /** The named server, or a container, or the calling test skipped (call it from a test or {@code @BeforeEach}). */
    public static TestMySql start(Path directory) {
        String url = System.getenv("ONCEONLY_MYSQL_URL");
        if (url != null && !url.isBlank()) {
            return named(url);
        }
        if (dockerAnswers()) {
            return container(directory);
        }
        String message = "no MySQL server: set ONCEONLY_MYSQL_URL=jdbc:mysql://host:port/db, ONCEONLY_MYSQL_USER and "
                + "ONCEONLY_MYSQL_PASSWORD, or run a Docker engine (Testcontainers then starts " + IMAGE + ")";
        System.err.println("*** SKIPPED: " + message);
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError none) {
            return false;
        }
    }

    private static TestMySql named(String url) {
        Matcher parts = MYSQL_URL.matcher(url);
        if (!parts.matches()) {
            throw new IllegalArgumentException("ONCEONLY_MYSQL_URL must look like jdbc:mysql://host:port/db, not " + url);
        }
        String user = require("ONCEONLY_MYSQL_USER");
        String password = require("ONCEONLY_MYSQL_PASSWORD");
        int port = parts.group(2) == null ? 3306 : Integer.parseInt(parts.group(2));
        return new TestMySql(new BinlogDepartment.Server(url, user, password, parts.group(1), port), parts.group(3),
                "${env:ONCEONLY_MYSQL_PASSWORD}", null);
    }

    private static TestMySql container(Path directory) {
        MySQLContainer container = new MySQLContainer(IMAGE)
                .withDatabaseName("onceonly")
                .withUsername("root")
                .withPassword("onceonly-test")
                .withCommand("--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL", "--server-id=1");
        container.start();
        try {
            Path secret = Files.createDirectories(directory.resolve("secrets")).resolve("mysql.password");
            Files.writeString(secret, container.getPassword() + "\n");
            String url = container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?") + "allowPublicKeyRetrieval=true&useSSL=false";
            return new TestMySql(new BinlogDepartment.Server(url, container.getUsername(), container.getPassword(),
                    container.getHost(), container.getMappedPort(3306)), container.getDatabaseName(),
                    "${file:" + secret.toAbsolutePath() + "}", container);
        } catch (IOException e) {
            container.stop();
            throw new UncheckedIOException(e);
        }
    }

    private static String require(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " must be set with ONCEONLY_MYSQL_URL");
        }
        return value;
    }

    /**
     * The household register's residents table on this server, seeded with {@code residents} rows; the
     * server's account doubles as the capture account.
     */
    public BinlogDepartment householdRegister(Path directory, int residents) {
        return BinlogDepartment.create("mysql", server, database, "onceonly_test_residents", server.user(), passwordReference,
                directory, residents);
    }

    /** Whether the server is a container of this test's (else one the environment named). */
    public boolean containerised() {
        return container != null;
    }

    /** Stops the container; a named server is left as it was (the test drops its table). */
    @Override
    public void close() {
        if (container != null) {
            container.stop();
        }
    }

}
