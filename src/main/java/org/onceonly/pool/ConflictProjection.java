/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.onceonly.pool.golden.GoldenRecordBuilder;

/**
 * Keeps the {@code conflict} table (fields on which departments disagree, listed for data stewards across
 * all subjects, so not derivable per read) in step with the contributions. Writers append the subjects a
 * batch changed to {@code changed_subject} in the batch's transaction; after commit, the writer drains that
 * queue here. One projector at a time holds the pool's projection lock (one session-level advisory lock,
 * taken while holding no other lock), so each drain reads committed contributions and no two projections of
 * a subject interleave; a writer whose subjects another drain took waits for it, so its disagreements are
 * projected when its batch returns. A crash between commit and drain leaves the subjects queued for the
 * next drain.
 */
final class ConflictProjection {
    private static final int CHUNK = 2_000;
    private final SchemaRegistry registry;

    ConflictProjection(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** Queues the subjects in the caller's (the batch's) transaction. */
    static void queue(Connection connection, Set<List<String>> entityAndSubject) throws SQLException {
        if (entityAndSubject.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO changed_subject (entity, subject_key) SELECT * FROM unnest(?::text[], ?::text[])")) {
            insert.setArray(1, connection.createArrayOf("text", entityAndSubject.stream().map(pair -> pair.get(0)).toArray(String[]::new)));
            insert.setArray(2, connection.createArrayOf("text", entityAndSubject.stream().map(pair -> pair.get(1)).toArray(String[]::new)));
            insert.executeUpdate();
        }
    }

    /** Projects every queued subject, in transactions of its own on {@code connection} (not in one). */
    void drain(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(1330529093, 2)"); // "ONCE", 2: the projection
            try {
                connection.setAutoCommit(false);
                while (drainChunk(connection)) {
                    connection.commit();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
                lock.execute("SELECT pg_advisory_unlock(1330529093, 2)");
            }
        }
    }

    private boolean drainChunk(Connection connection) throws SQLException {
        Set<List<String>> subjects = new LinkedHashSet<>();
        try (PreparedStatement take = connection.prepareStatement(
                "DELETE FROM changed_subject WHERE id IN (SELECT id FROM changed_subject ORDER BY id LIMIT " + CHUNK + ") "
                        + "RETURNING entity, subject_key");
             ResultSet rows = take.executeQuery()) {
            while (rows.next()) {
                subjects.add(List.of(rows.getString(1), rows.getString(2)));
            }
        }
        if (subjects.isEmpty()) {
            return false;
        }
        java.util.Map<String, List<String>> byEntity = new java.util.TreeMap<>();
        subjects.forEach(pair -> byEntity.computeIfAbsent(pair.get(0), entity -> new ArrayList<>()).add(pair.get(1)));
        List<LiveContributions.Subject> shared = new ArrayList<>();
        for (java.util.Map.Entry<String, List<String>> entity : byEntity.entrySet()) {
            java.sql.Array keys = connection.createArrayOf("text", entity.getValue().toArray(String[]::new));
            try (PreparedStatement clear = connection.prepareStatement("DELETE FROM conflict WHERE entity = ? AND subject_key = ANY(?)")) {
                clear.setString(1, entity.getKey());
                clear.setArray(2, keys);
                clear.executeUpdate();
            }
            // Only a subject with contributions from two departments or more can have departments disagreeing
            // (a snapshot's subjects have one contribution each). One pass over the subjects' contributions by
            // the subject index, no lookup per subject: a correlated one was planned as a scan of the entity's
            // whole key per subject while the pool filled up without statistics.
            try (PreparedStatement select = connection.prepareStatement("SELECT " + LiveContributions.COLUMNS + " FROM ("
                    + "SELECT c.*, min(c.department) OVER subject AS first_department, max(c.department) OVER subject AS last_department "
                    + "FROM contribution c WHERE c.subject_key = ANY(?) AND c.entity = ? AND NOT c.deleted "
                    + "WINDOW subject AS (PARTITION BY c.subject_key)) c WHERE c.first_department <> c.last_department")) {
                select.setArray(1, keys);
                select.setString(2, entity.getKey());
                shared.addAll(LiveContributions.read(select, registry));
            }
        }
        List<Found> conflicts = new ArrayList<>();
        for (LiveContributions.Subject subject : shared) {
            for (GoldenRecordBuilder.Conflict conflict : GoldenRecordBuilder.build(subject.schema(), subject.contributions()).conflicts()) {
                conflicts.add(new Found(subject.entity(), subject.subject(), conflict));
            }
        }
        if (!conflicts.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO conflict (entity, subject_key, field, departments, candidates) VALUES (?, ?, ?, ?, ?::jsonb)")) {
                for (Found found : conflicts) {
                    GoldenRecordBuilder.Conflict conflict = found.conflict();
                    insert.setString(1, found.entity());
                    insert.setString(2, found.subject());
                    insert.setString(3, conflict.field());
                    insert.setArray(4, connection.createArrayOf("text", conflict.departments().toArray(String[]::new)));
                    insert.setString(5, conflict.candidates().toString());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        return true;
    }

    private record Found(String entity, String subject, GoldenRecordBuilder.Conflict conflict) {}
}
