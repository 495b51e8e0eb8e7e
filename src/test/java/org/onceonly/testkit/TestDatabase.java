/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One database of a {@link TestPostgres}, usually a copy of a template that belongs to one test class;
 * closing it drops it, with its replication slots.
 */
public final class TestDatabase implements AutoCloseable {
    private final TestPostgres server;
    private final String name;
    private Set<String> filledAtBaseline;

    TestDatabase(TestPostgres server, String name) {
        this.server = server;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public TestPostgres server() {
        return server;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /**
     * The superuser's connections, one per {@code getConnection()}: nothing stays open between calls, and it
     * keeps working across a restart of a private server.
     */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser(TestPostgres.SUPERUSER);
        return dataSource;
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    /** Runs one parameterised statement in its own transaction; returns the update count. */
    public int execute(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row of a parameterised query, as text ({@code null} without rows). */
    public String query(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    /**
     * Remembers which tables hold rows now (say, registered schemas), so that {@link #reset()} can empty all
     * the others.
     */
    public void baseline() {
        filledAtBaseline = new HashSet<>();
        for (String table : tables()) {
            // Table names come from the catalogue, quoted: identifiers cannot be bound as parameters.
            if (Boolean.parseBoolean(query("SELECT EXISTS (SELECT 1 FROM \"" + table + "\")::text"))) {
                filledAtBaseline.add(table);
            }
        }
    }

    /**
     * Empties every table that was empty at {@link #baseline()}: back to the state just after set-up, much
     * faster than a new copy (for tests that start each case from scratch).
     */
    public void reset() {
        if (filledAtBaseline == null) {
            throw new IllegalStateException("reset() needs a baseline() first");
        }
        List<String> empty = tables().stream().filter(table -> !filledAtBaseline.contains(table)).map(table -> "\"" + table + "\"").toList();
        if (!empty.isEmpty()) {
            execute("TRUNCATE " + String.join(", ", empty) + " RESTART IDENTITY");
        }
    }

    /** The tables of schema {@code public}. */
    private List<String> tables() {
        List<String> tables = new ArrayList<>();
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return tables;
    }

    /** Drops the database (and its replication slots). */
    @Override
    public void close() {
        server.drop(name);
    }

    @Override
    public String toString() {
        return name + " on port " + server.port();
    }
}
