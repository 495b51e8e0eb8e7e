/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** The pool's PostgreSQL database: a connection pool and the tables the pool needs. */
public final class PoolDatabase implements AutoCloseable {
    /** Where the pool's versioned migrations live: V1__baseline.sql, then one file per later change. */
    public static final String MIGRATIONS = "classpath:db/pool";

    private final HikariDataSource dataSource;
    private final HikariDataSource statusDataSource;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    public PoolDatabase(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("pool");
        // Batched inserts (history, contributions, golden records) travel as multi-row statements.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setMaximumPoolSize(8);
        // While the pool is down a request waits this long for a connection before it is told 503, try later.
        config.setConnectionTimeout(5_000);
        // A pool restart must not fail the hub's start-up check forever; sources retry on their own.
        config.setInitializationFailTimeout(30_000);
        this.dataSource = new HikariDataSource(config);

        HikariConfig status = new HikariConfig();
        status.setJdbcUrl(jdbcUrl);
        status.setUsername(user);
        status.setPassword(password);
        status.setPoolName("pool-status");
        status.setMaximumPoolSize(2);
        status.setConnectionTimeout(1_000);
        status.setValidationTimeout(500);
        status.setInitializationFailTimeout(-1);
        status.addDataSourceProperty("options", "-c statement_timeout=2000");
        this.statusDataSource = new HikariDataSource(status);
    }

    /**
     * A small pool with short timeouts for status and metrics reads, which must answer (with what they last
     * knew) within a second or two while the pool database is down, not after the writers' 10 s.
     */
    public DataSource statusDataSource() {
        return statusDataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /**
     * Brings the pool's tables (pool, materials, corrections, access log) to the newest version of the
     * migrations in {@link #MIGRATIONS}. Hubs that share a pool and start together migrate one after the other
     * under a session lock of our own: Flyway locks its history table only once it exists, and two hubs
     * finding an empty database would otherwise race to create it (the loser then refuses to baseline). A
     * pool created before versioned migrations (its tables exist, no history table) is baselined at version
     * 0, so the idempotent V1 runs on it too and adds whatever an older hub had not created.
     */
    public void migrate() {
        try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(1330529093, 1)"); // "ONCE", 1: migrations
            try {
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations(MIGRATIONS)
                        .baselineOnMigrate(true)
                        .baselineVersion("0")
                        .baselineDescription("tables created by a hub before versioned migrations")
                        .load()
                        .migrate();
            } finally {
                statement.execute("SELECT pg_advisory_unlock(1330529093, 1)");
            }
        } catch (SQLException | FlywayException e) {
            throw new PoolException("cannot migrate the pool's tables", e);
        }
    }

    /**
     * Serialises start-up work on the pool (registering schemas) among hubs that share it, until the caller's
     * transaction ends.
     */
    static void lockStartUp(Connection connection) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_xact_lock(1330529093, 0)"); // two int keys: "ONCE", 0
        }
    }

    @Override
    public void close() {
        statusDataSource.close();
        dataSource.close();
    }
}
