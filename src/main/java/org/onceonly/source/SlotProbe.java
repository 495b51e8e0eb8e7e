/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * Looks at a PostgreSQL source from the outside, with the source's own credentials: how much WAL its
 * replication slot retains, how far the hub's confirmed position is behind the server, and how many rows
 * the registered tables hold (the planner's estimate, for snapshot progress). Unbounded WAL growth behind
 * a paused or failing slot is the most reported pain of CDC in production, so this is watched.
 */
final class SlotProbe {
    private final SourceDefinition source;

    SlotProbe(SourceDefinition source) {
        this.source = source;
    }

    /** The slot's state; {@code exists} false when the slot is not there (yet). */
    record SlotState(boolean exists, boolean active, long bytesBehind, long retainedBytes) {}

    SlotState slot() throws SQLException {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint, "
                             + "pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint "
                             + "FROM pg_replication_slots WHERE slot_name = ?")) {
            select.setString(1, source.objectName());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return new SlotState(false, false, -1, -1);
                }
                return new SlotState(true, row.getBoolean(1), row.getLong(2), row.getLong(3));
            }
        }
    }

    /** The planner's row estimate for the registered tables, or -1 when unknown. */
    long estimatedRows() throws SQLException {
        List<TableSpec> tables = source.tables();
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     // reltuples is -1 for a table never analysed: then the total is unknown, not 0.
                     "SELECT CASE WHEN count(*) = 0 OR bool_or(c.reltuples < 0) THEN -1 ELSE sum(c.reltuples) END::bigint FROM pg_class c "
                             + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                             + "WHERE (n.nspname || '.' || c.relname) = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("text", tables.stream().map(TableSpec::name).toArray(String[]::new)));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : -1;
            }
        }
    }

    /** Drops the slot the hub created, if it is there and nobody reads it. */
    boolean dropSlot() throws SQLException {
        try (Connection connection = connect();
             PreparedStatement drop = connection.prepareStatement(
                     "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active")) {
            drop.setString(1, source.objectName());
            try (ResultSet row = drop.executeQuery()) {
                return row.next();
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", source.user());
        properties.setProperty("password", source.password().resolve());
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("ApplicationName", "onceonly-probe");
        return DriverManager.getConnection(source.jdbcUrl(), properties);
    }
}
