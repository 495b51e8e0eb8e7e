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
 * batch changed to {@code changed_subjects} (one row a batch) in the batch's transaction; after commit, the writer drains that
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

    /** Queues the subjects in the caller's (the batch's) transaction, as one row. */
    static void queue(Connection connection, Set<List<String>> entityAndSubject) throws SQLException {
        if (entityAndSubject.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO changed_subjects (entities, subject_keys) VALUES (?::text[], ?::text[])")) {
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

    /** Projects the oldest queued batch's subjects; false when the queue is empty. */
    private boolean drainChunk(Connection connection) throws SQLException {
        java.util.Map<String, Set<String>> byEntity = new java.util.TreeMap<>();
        try (PreparedStatement take = connection.prepareStatement(
                "DELETE FROM changed_subjects WHERE id = (SELECT min(id) FROM changed_subjects) RETURNING entities, subject_keys");
             ResultSet rows = take.executeQuery()) {
            if (!rows.next()) {
                return false;
            }
            String[] entities = (String[]) rows.getArray(1).getArray();
            String[] subjects = (String[]) rows.getArray(2).getArray();
            for (int i = 0; i < entities.length; i++) {
                byEntity.computeIfAbsent(entities[i], entity -> new LinkedHashSet<>()).add(subjects[i]);
            }
        }
        List<LiveContributions.Subject> shared = new ArrayList<>();
        for (java.util.Map.Entry<String, Set<String>> entity : byEntity.entrySet()) {
            List<String> keys = new ArrayList<>(entity.getValue());
            for (int from = 0; from < keys.size(); from += CHUNK) {
                shared.addAll(projectable(connection, entity.getKey(), keys.subList(from, Math.min(keys.size(), from + CHUNK))));
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

    /**
     * Clears the subjects' listed disagreements and reads the live contributions of those among them that
     * two departments or more contributed to (only they can disagree; a snapshot's subjects mostly have one
     * contribution). Each subject is looked up by the subject index on its own (a lateral join), so the plan
     * cannot turn into a scan of the whole entity, as a join with the key list was planned while the pool
     * filled up without statistics.
     */
    private List<LiveContributions.Subject> projectable(Connection connection, String entity, List<String> subjects)
            throws SQLException {
        java.sql.Array keys = connection.createArrayOf("text", subjects.toArray(String[]::new));
        try (PreparedStatement clear = connection.prepareStatement("DELETE FROM conflict WHERE entity = ? AND subject_key = ANY(?)")) {
            clear.setString(1, entity);
            clear.setArray(2, keys);
            clear.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT " + LiveContributions.COLUMNS + " FROM ("
                + "SELECT c.*, min(c.department) OVER subject AS first_department, max(c.department) OVER subject AS last_department "
                + "FROM unnest(?::text[]) AS k(subject_key) CROSS JOIN LATERAL ("
                + "SELECT * FROM contribution c WHERE c.subject_key = k.subject_key AND c.entity = ? AND NOT c.deleted) c "
                + "WINDOW subject AS (PARTITION BY c.subject_key)) c WHERE c.first_department <> c.last_department")) {
            select.setArray(1, keys);
            select.setString(2, entity);
            return LiveContributions.read(select, registry);
        }
    }

    private record Found(String entity, String subject, GoldenRecordBuilder.Conflict conflict) {}
}
