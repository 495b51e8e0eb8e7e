/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server from Maven-packaged binaries (zonky), keeping its data under a directory of
 * ours so that a second run resumes instead of starting over. Logical decoding is on, so it can serve as
 * a department database captured by Debezium as well as the pool.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    /**
     * The embedded pool's settings beyond the defaults (docs/performance.md). The pool rewrites contribution,
     * history and golden-record pages all over its tables: fewer checkpoints mean fewer full-page images in
     * the WAL, and compressing those that remain halves what each commit must flush.
     *
     * <p>{@code fsync} and {@code synchronous_commit} are PostgreSQL's defaults, set here because zonky starts
     * every server without them (its {@code -F}, and {@code synchronous_commit=off}: right for a test's server,
     * wrong for the pool). A commit is on disk before it returns: a contribution before its source's offsets
     * move, an access-log entry before the data it records leaves the hub (docs/guarantees.md).
     */
    public static final Map<String, String> POOL_SETTINGS = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "max_wal_size", "4GB",
            "checkpoint_timeout", "15min",
            "wal_compression", "on",
            "shared_buffers", "256MB");
    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Set by commands that stop their servers themselves, in order, from their own shutdown hook
     * ({@code run}, {@code demo}): zonky's hook would otherwise stop PostgreSQL at the same moment, under
     * sources still capturing from it. Elsewhere (tests) zonky's hook stays as the safety net.
     */
    private static volatile boolean closedByCommand;

    public static void closedByCommand() {
        closedByCommand = true;
    }

    /** Starts (or restarts) a server whose files live under {@code directory}; port 0 picks a free one. */
    public static EmbeddedPostgresServer start(Path directory, int port) {
        return start(directory, port, Map.of());
    }

    /**
     * As {@link #start(Path, int, Map)}, closed to every local user without the password: the superuser gets
     * {@code password} (stored as SCRAM-SHA-256) and {@code pg_hba.conf} asks every connection for it. A new
     * server starts as initdb leaves it (trust), and is switched before this returns; a server started before
     * is switched the same way, so upgrading a data directory closes it too.
     */
    public static EmbeddedPostgresServer startWithPassword(Path directory, int port, Map<String, String> settings, String password) {
        EmbeddedPostgresServer server = start(directory, port, settings, password);
        server.requirePassword(password);
        return server;
    }

    /**
     * As {@link #start(Path, int)}, with server settings that replace the defaults (tests use it for a
     * server that is set up the wrong way, such as {@code wal_level=replica}).
     */
    public static EmbeddedPostgresServer start(Path directory, int port, Map<String, String> settings) {
        return start(directory, port, settings, null);
    }

    private static EmbeddedPostgresServer start(Path directory, int port, Map<String, String> settings, String password) {
        try {
            Files.createDirectories(directory);
            Path dataDirectory = directory.resolve("pgdata");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toFile())
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(directory.resolve("binaries").toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(!closedByCommand)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("max_connections", "100");
            settings.forEach(builder::setServerConfig);
            if (password != null) {
                // zonky's own readiness check and data sources connect with it (trust ignores it on a new server).
                builder.setConnectConfig("password", password);
            }
            if (port > 0) {
                builder.setPort(port);
            }
            return new EmbeddedPostgresServer(builder.start(), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL under " + directory + ": " + e.getMessage(), e);
        }
    }

    /** SCRAM for the superuser and for every connection in {@code pg_hba.conf}, then a configuration reload. */
    private void requirePassword(String password) {
        try (var connection = dataSource("postgres").getConnection(); var statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            // ALTER ROLE takes no parameters; the password is generated text checked to hold no quote.
            if (!password.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("the embedded pool's password must be letters, digits, '_' and '-'");
            }
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    # Written by OnceOnly: every connection proves the superuser's password (SCRAM-SHA-256),
                    # kept under the hub's data directory in secrets/ (readable by its owner only).
                    local   all   all                 scram-sha-256
                    host    all   all   127.0.0.1/32  scram-sha-256
                    host    all   all   ::1/128       scram-sha-256
                    local   replication   all                 scram-sha-256
                    host    replication   all   127.0.0.1/32  scram-sha-256
                    host    replication   all   ::1/128       scram-sha-256
                    """);
            statement.execute("SELECT pg_reload_conf()");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot require a password on the embedded pool: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDirectory.resolve("pg_hba.conf") + ": " + e.getMessage(), e);
        }
    }

    /** The server's data directory (where its {@code pg_hba.conf} is). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The superuser's connection to a database (with the password when the server requires one). */
    public DataSource dataSource(String database) {
        return postgres.getDatabase(SUPERUSER, database);
    }

    /** Creates {@code database} unless it exists; the name must be a plain lower-case identifier. */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name " + database + " is not a plain identifier");
        }
        try (var connection = dataSource("postgres").getConnection();
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var row = exists.executeQuery()) {
                if (!row.next()) {
                    // Identifiers cannot be bound as parameters; the name is checked to be plain above.
                    try (var create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
