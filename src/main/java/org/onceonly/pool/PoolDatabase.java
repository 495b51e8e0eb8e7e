package org.onceonly.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/** The pool's PostgreSQL database: a connection pool and the tables the pool needs. */
public final class PoolDatabase implements AutoCloseable {
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

    /** Creates the pool's tables where they are missing. */
    public void migrate() {
        SqlScript.run(dataSource, "pool-schema.sql");
    }

    /**
     * Serialises start-up work on the pool among hubs that share it (they may start together), until the
     * caller's transaction ends: for tables created outside this package.
     */
    public static void lockStartUp(java.sql.Connection connection) throws java.sql.SQLException {
        SqlScript.lockStartUp(connection);
    }

    @Override
    public void close() {
        statusDataSource.close();
        dataSource.close();
    }
}
