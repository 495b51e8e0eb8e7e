package org.onceonly.pool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Runs one of the pool package's idempotent DDL resources (run at every start, so no version table). */
final class SqlScript {
    private SqlScript() {}

    static void run(DataSource dataSource, String resource) {
        String ddl;
        try (InputStream in = SqlScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(resource + " cannot be read: " + e.getMessage(), e);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // Hubs sharing a pool may start together: one creates the tables while the others wait.
            connection.setAutoCommit(false);
            lockStartUp(connection);
            statement.execute(ddl);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the tables of " + resource + ": " + e.getMessage(), e);
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
}
