/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.onceonly.access.AccessLog;
import org.onceonly.pool.CorrectionStore;
import org.onceonly.pool.MaterialStore;
import org.onceonly.pool.PoolDatabase;
import org.onceonly.source.SecretReference;

/**
 * A pool database for one test class or hub: a copy of a template holding the pool's tables (migrated once
 * per server), on the shared server unless a test brings a private one (to restart it under a running hub).
 * Closing it drops the database.
 */
public final class TestPool implements AutoCloseable {
    /** The pool's tables as a hub creates them at its start. */
    static final TestPostgres.Template TEMPLATE = new TestPostgres.Template("onceonly_pool_template", TestPool::migrate);
    public static final String USER = TestPostgres.SUPERUSER;

    private final TestDatabase database;
    private final Path passwordFile;
    private final boolean ownsServer;

    private TestPool(TestDatabase database, Path passwordFile, boolean ownsServer) {
        this.database = database;
        this.passwordFile = passwordFile;
        this.ownsServer = ownsServer;
    }

    /** A fresh pool database on the shared server. */
    public static TestPool create() {
        return on(TestPostgres.shared());
    }

    /** A fresh pool database on {@code server}. */
    public static TestPool on(TestPostgres server) {
        return withPasswordFile(server.copyOf(TEMPLATE), false);
    }

    /**
     * A fresh pool database on a server of its own, which the test may stop and start under a running hub
     * ({@link #server()}); closing the pool closes the server.
     */
    public static TestPool onPrivateServer() {
        TestPostgres server = TestPostgres.startPrivate();
        try {
            return withPasswordFile(server.copyOf(TEMPLATE), true);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * A database without the pool's tables yet, for hubs that start together on it and create them (one
     * does, under the pool's start-up lock, while the others wait).
     */
    public static TestPool unmigrated(TestPostgres server) {
        return withPasswordFile(server.create(server.uniqueName("onceonly_pool_unmigrated")), false);
    }

    private static TestPool withPasswordFile(TestDatabase database, boolean ownsServer) {
        try {
            // The test servers trust loopback; a hub insists on a password reference all the same.
            Path password = Files.createTempFile("onceonly-pool-", ".password");
            Files.writeString(password, "not-needed-on-loopback\n");
            return new TestPool(database, password, ownsServer);
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        }
    }

    /** The hub's start-up migration (Flyway, the versions in {@link PoolDatabase#MIGRATIONS}). */
    private static void migrate(TestDatabase database) {
        try (PoolDatabase pool = new PoolDatabase(database.jdbcUrl(), USER, "not-needed-on-loopback")) {
            pool.migrate();
        }
    }

    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    public String user() {
        return USER;
    }

    /** What the password file holds (any text: the server trusts loopback). */
    public String password() {
        try {
            return Files.readString(passwordFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path passwordFile() {
        return passwordFile;
    }

    /** {@code ${file:...}}, as a hub's configuration names the pool's password. */
    public SecretReference passwordReference() {
        return new SecretReference("file", passwordFile.toAbsolutePath().toString());
    }

    /** Connections that hold nothing open between calls, so they outlive a restart of the server. */
    public DataSource dataSource() {
        return database.dataSource();
    }

    public TestDatabase database() {
        return database;
    }

    /** The server the pool is on: a private one may be stopped and started again. */
    public TestPostgres server() {
        return database.server();
    }

    /** The pool as its reading API shows it, for typed assertions ({@link PoolAssert}). */
    public PoolView view() {
        return new PoolView(dataSource());
    }

    @Override
    public void close() {
        try {
            if (ownsServer) {
                database.server().close();
            } else {
                database.close();
            }
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
