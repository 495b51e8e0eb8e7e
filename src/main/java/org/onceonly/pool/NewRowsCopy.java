/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import org.onceonly.pool.golden.PartyLinks;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Origin;
import org.onceonly.schema.RecordCodec;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The bulk path of a snapshot into a pool that does not hold its rows yet (a department's first snapshot):
 * the batch's rows are copied straight into {@code contribution} and {@code history} with {@code COPY} in
 * PostgreSQL's binary format, instead of an {@code INSERT ... ON CONFLICT} that checks every row for an
 * existing one (a speculative insertion: a third of a snapshot's insert time) and locks it, fed from arrays
 * that both sides turn into text and back.
 *
 * <p>It is tried, not decided in advance: under a savepoint, and a row the pool already holds (a re-snapshot,
 * or a snapshot that restarts after a crash) breaks the primary key, which rolls the attempt back for the
 * general path to apply the batch. Nothing is locked that the general path would not lock: rows new to the
 * pool are only inserted, in key order, and an insert racing another on the same key waits for it as there.
 */
final class NewRowsCopy {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CONTRIBUTION = "COPY contribution (entity, source_id, row_key, subject_key, department, position, "
            + "source_time, fingerprint, record, names) FROM STDIN (FORMAT binary)";
    private static final String HISTORY = "COPY history (entity, source_id, row_key, subject_key, department, position, "
            + "source_time, fingerprint, record, op) FROM STDIN (FORMAT binary)";

    private NewRowsCopy() {}

    /** Whether the path can apply {@code changes}: every one a snapshot's read of a row with a record. */
    static boolean suits(List<CanonicalChange> changes) {
        return changes.stream().allMatch(change -> change.operation() == Operation.READ && change.record() != null);
    }

    /**
     * Starts a row of ten with the nine columns contribution and history share, in both statements' order;
     * the tenth (names, or op) is the caller's.
     */
    private static BinaryCopyRows sharedColumns(BinaryCopyRows rows, CanonicalChange change, byte[] record) throws SQLException {
        Origin origin = change.origin();
        return rows.row(10).text(change.entity()).text(origin.sourceId()).text(origin.rowKey()).text(change.subjectKey())
                .text(origin.department()).text(origin.position()).timestamptz(origin.sourceTime())
                .int8(change.schema().fingerprint()).bytea(record);
    }

    /**
     * Copies the changes, each a different row, as new contributions (in {@code keyOrder}, indexes into
     * {@code changes}) and their first versions (in batch order); false, with nothing written, when the pool
     * holds one of their rows already. {@code encoded} receives each change's encoded record.
     */
    static boolean copy(Connection connection, List<CanonicalChange> changes, List<Integer> keyOrder, byte[][] encoded)
            throws SQLException {
        Savepoint attempt = connection.setSavepoint();
        CopyManager copier = connection.unwrap(PGConnection.class).getCopyAPI();
        BinaryCopyRows rows = null;
        try {
            // Each record is encoded as its contribution row is sent, while the server stores the rows before it.
            rows = new BinaryCopyRows(copier.copyIn(CONTRIBUTION));
            for (int i : keyOrder) {
                CanonicalChange change = changes.get(i);
                encoded[i] = RecordCodec.encode(change.record());
                sharedColumns(rows, change, encoded[i]).textArray(PartyLinks.names(change.schema(), change.record()));
            }
            rows.end();
            rows = new BinaryCopyRows(copier.copyIn(HISTORY));
            for (int i = 0; i < changes.size(); i++) {
                CanonicalChange change = changes.get(i);
                sharedColumns(rows, change, encoded[i]).text(change.operation().code());
            }
            rows.end();
            connection.releaseSavepoint(attempt);
            return true;
        } catch (RuntimeException e) {
            // A record that cannot be encoded, say: the COPY must end before the batch's transaction rolls back.
            if (rows != null) {
                rows.abandon(e);
            }
            throw e;
        } catch (SQLException e) {
            if (rows != null) {
                rows.abandon(e);
            }
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            try {
                connection.rollback(attempt);
            } catch (SQLException rollback) {
                rollback.addSuppressed(e);
                throw rollback;
            }
            return false;
        }
    }
}
