/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Origin;

/**
 * The pool's transactional outbox: every new version and delete, written in the transaction that applies
 * it, waiting for a relay to publish it to subscribers. A row is marked sent only after the broker
 * acknowledged it, so a crash or an outage at any point delays publication and loses nothing; sent rows are
 * deleted after {@link #KEEP_SENT}.
 */
public final class Outbox {
    /** How long sent rows stay, for an operator who wants to see what went out lately. */
    public static final Duration KEEP_SENT = Duration.ofHours(1);

    private Outbox() {}

    /** A change the pool applied: its canonical change, the subject it belongs to, and its encoded record (null: delete). */
    record Version(CanonicalChange change, String subject, byte[] record) {}

    /**
     * One change to publish. {@code subjectKey} is the subject the version belongs to (for a delete, the
     * one it last belonged to); {@code record} is the Avro binary of the canonical record written with the
     * schema of {@code fingerprint} (registered as {@code schemaVersion}), null for a delete.
     */
    public record Entry(long id, String entity, String subjectKey, String sourceId, String department, String rowKey,
                        Operation operation, String position, Instant sourceTime, Long fingerprint, Integer schemaVersion,
                        byte[] record) {}

    /** Appends the versions in the caller's transaction, in the order given (source order). */
    static void append(Connection connection, List<Version> versions) throws SQLException {
        if (versions.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbox (entity, source_id, row_key, subject_key, department, op, position, source_time, "
                        + "fingerprint, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Version version : versions) {
                CanonicalChange change = version.change();
                Origin origin = change.origin();
                insert.setString(1, change.entity());
                insert.setString(2, origin.sourceId());
                insert.setString(3, origin.rowKey());
                insert.setString(4, version.subject());
                insert.setString(5, origin.department());
                insert.setString(6, change.operation().code());
                insert.setString(7, origin.position());
                insert.setTimestamp(8, Timestamp.from(origin.sourceTime()));
                insert.setObject(9, version.record() == null ? null : change.schema().fingerprint());
                insert.setBytes(10, version.record());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Up to {@code limit} unsent changes, oldest first: for one subject, the order the pool applied them. */
    public static List<Entry> unsent(Connection connection, int limit) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT o.id, o.entity, o.subject_key, o.source_id, o.department, o.row_key, o.op, o.position, o.source_time, "
                        + "o.fingerprint, v.version, o.record FROM outbox o "
                        + "LEFT JOIN schema_version v ON v.entity = o.entity AND v.fingerprint = o.fingerprint "
                        + "WHERE o.sent_at IS NULL ORDER BY o.id LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long fingerprint = rows.getLong(10);
                    Long writer = rows.wasNull() ? null : fingerprint;
                    int version = rows.getInt(11);
                    Integer schemaVersion = rows.wasNull() ? null : version;
                    entries.add(new Entry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), Operation.ofCode(rows.getString(7)), rows.getString(8),
                            rows.getTimestamp(9).toInstant(), writer, schemaVersion, rows.getBytes(12)));
                }
            }
        }
        return entries;
    }

    /** Marks changes the broker acknowledged. */
    public static void markSent(Connection connection, List<Long> ids) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE outbox SET sent_at = now() WHERE id = ANY(?)")) {
            update.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            update.executeUpdate();
        }
    }

    /** Deletes rows sent longer ago than {@link #KEEP_SENT}; returns how many. */
    public static int pruneSent(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(secs => ?)")) {
            delete.setLong(1, KEEP_SENT.toSeconds());
            return delete.executeUpdate();
        }
    }

    /** Changes not yet acknowledged by the broker. */
    public static long pending(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM outbox WHERE sent_at IS NULL");
             ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new PoolException("cannot count the outbox", e);
        }
    }
}
