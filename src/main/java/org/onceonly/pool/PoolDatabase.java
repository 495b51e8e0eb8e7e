package org.onceonly.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The pool's PostgreSQL database: a connection pool and the tables the pool needs. */
public final class PoolDatabase implements AutoCloseable {
    private final HikariDataSource dataSource;
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
        config.setConnectionTimeout(10_000);
        // A pool restart must not fail the hub's start-up check forever; sources retry on their own.
        config.setInitializationFailTimeout(30_000);
        this.dataSource = new HikariDataSource(config);
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
        String ddl;
        try (InputStream in = PoolDatabase.class.getResourceAsStream("pool-schema.sql")) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("pool-schema.sql is missing from the build", e);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // Hubs sharing a pool may start together: one creates the tables while the others wait.
            connection.setAutoCommit(false);
            lockStartUp(connection);
            statement.execute(ddl);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the pool's tables: " + e.getMessage(), e);
        }
    }

    /**
     * Serialises start-up work on the pool (creating tables, registering schemas) among hubs that share it,
     * until the caller's transaction ends.
     */
    static void lockStartUp(Connection connection) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_xact_lock(1330529093, 0)"); // two int keys: "ONCE", 0
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
