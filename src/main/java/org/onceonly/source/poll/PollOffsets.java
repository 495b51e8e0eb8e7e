/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.poll;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.onceonly.source.OffsetStorage;

/**
 * The poll offsets of {@code jdbc-poll} sources, one row per source and table in the pool database's
 * {@code onceonly_poll_offsets}, so that a hub started again (or moved to another host) resumes where
 * the last one stopped. A row is written only after the pool accepted the batch it covers.
 */
public final class PollOffsets implements AutoCloseable {
    static final String TABLE = "onceonly_poll_offsets";

    /**
     * One table's stored offset: the watermark column it was taken on (a changed watermark makes it
     * meaningless), the last watermark as text, the last key as a JSON object, and whether the first full
     * pass is complete.
     */
    record Stored(String watermarkColumn, String watermark, String key, boolean initialPassDone) {}

    private final String sourceId;
    private final HikariDataSource dataSource;

    PollOffsets(OffsetStorage storage, String sourceId) {
        this.sourceId = sourceId;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(storage.jdbcUrl());
        config.setUsername(storage.user());
        config.setPassword(storage.password());
        config.setPoolName("poll-offsets-" + sourceId);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(10_000);
        // The pool may be restarting while the hub starts; the runner retries rather than fail here.
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
    }

    /**
     * Forgets the stored offsets of some tables, so that the next run reads them in full again (a
     * re-snapshot, or a removed source). Nothing to forget when the table was never created.
     */
    public static void forget(OffsetStorage storage, String sourceId, java.util.List<String> tables) {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", storage.user());
        properties.setProperty("password", storage.password());
        try (Connection connection = java.sql.DriverManager.getConnection(storage.jdbcUrl(), properties);
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM " + TABLE + " WHERE source_id = ? AND table_name = ANY(?)")) {
            delete.setString(1, sourceId);
            delete.setArray(2, connection.createArrayOf("text", tables.toArray(String[]::new)));
            delete.executeUpdate();
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) { // undefined_table: nothing was ever stored
                throw new IllegalStateException("forgetting poll offsets of " + sourceId + " failed: " + e.getMessage(), e);
            }
        }
    }

    void createTable() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                    + "source_id text NOT NULL, "
                    + "table_name text NOT NULL, "
                    + "watermark_column text NOT NULL, "
                    + "watermark text, "
                    + "key text, "
                    + "initial_pass_done boolean NOT NULL, "
                    + "updated_at timestamptz NOT NULL DEFAULT now(), "
                    + "PRIMARY KEY (source_id, table_name))");
        }
    }

    Optional<Stored> load(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT watermark_column, watermark, key, initial_pass_done FROM "
                     + TABLE + " WHERE source_id = ? AND table_name = ?")) {
            select.setString(1, sourceId);
            select.setString(2, table);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new Stored(row.getString(1), row.getString(2), row.getString(3), row.getBoolean(4)))
                        : Optional.empty();
            }
        }
    }

    void store(String table, Stored offset) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + TABLE
                     + " (source_id, table_name, watermark_column, watermark, key, initial_pass_done, updated_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, now()) ON CONFLICT (source_id, table_name) DO UPDATE SET "
                     + "watermark_column = EXCLUDED.watermark_column, watermark = EXCLUDED.watermark, key = EXCLUDED.key, "
                     + "initial_pass_done = EXCLUDED.initial_pass_done, updated_at = EXCLUDED.updated_at")) {
            upsert.setString(1, sourceId);
            upsert.setString(2, table);
            upsert.setString(3, offset.watermarkColumn());
            upsert.setString(4, offset.watermark());
            upsert.setString(5, offset.key());
            upsert.setBoolean(6, offset.initialPassDone());
            upsert.executeUpdate();
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
