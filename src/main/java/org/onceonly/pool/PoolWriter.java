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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.onceonly.pool.golden.PartyLinks;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.CanonicalSink;
import org.onceonly.schema.CompletedSnapshot;
import org.onceonly.schema.Origin;
import org.onceonly.schema.RecordCodec;

/**
 * Applies a batch of canonical changes in one transaction: each source row's contribution is replaced
 * only by a change with a greater source position (so re-delivery after a crash changes nothing), every
 * applied change is appended to history and rejections go to quarantine. Golden records are not written:
 * they are built from the live contributions when read. The only locks a batch takes are the row locks of
 * the contributions it writes, all taken by one statement in key order (entity, source, row), so two
 * writers never wait on each other in a cycle and the lock table holds nothing per row or subject (see
 * docs/guarantees.md, "Locks"). Returns only after commit: the caller then commits source offsets.
 */
public final class PoolWriter implements CanonicalSink {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PoolWriter.class);
    /**
     * The one order in which every pool transaction takes its row locks: by code point ({@code "C"}), whatever
     * the database's collation, so that {@link RowRef}'s order in Java (the bulk path's) is the same.
     */
    static final String KEY_ORDER = keyOrder("");
    private static final String KEY_ORDER_OF_C = keyOrder("c.");
    private final DataSource dataSource;
    private final SchemaRegistry registry;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong unchangedCount = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final boolean announce;
    private final ConflictProjection conflicts;
    /** Per source, how many more snapshot batches skip the bulk path after it met rows the pool holds. */
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> bulkPaused = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int BULK_PAUSE = 16;

    /** {@link #KEY_ORDER} for the table named {@code alias} (with its dot; empty for none). */
    private static String keyOrder(String alias) {
        return alias + "entity COLLATE \"C\", " + alias + "source_id COLLATE \"C\", " + alias + "row_key COLLATE \"C\"";
    }

    /** A writer of records in the schemas {@code registry} registered (their current versions). */
    public PoolWriter(DataSource dataSource, SchemaRegistry registry) {
        this(dataSource, registry, false);
    }

    /**
     * @param announce whether every new version and delete also goes to the {@link Outbox} for publication
     *                 (on only while a relay publishes it, so that the outbox does not grow without end)
     */
    public PoolWriter(DataSource dataSource, SchemaRegistry registry, boolean announce) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.announce = announce;
        this.conflicts = new ConflictProjection(registry);
    }

    /** Changes that made a new version in the pool since start. */
    public long appliedCount() {
        return applied.get();
    }

    /** Changes ignored because the pool already held that position or a newer one (re-deliveries, late events). */
    public long staleCount() {
        return stale.get();
    }

    /** Newer changes whose canonical record equals the stored one: position advanced, no new version. */
    public long unchangedCount() {
        return unchangedCount.get();
    }

    public long quarantinedCount() {
        return quarantined.get();
    }

    @Override
    public void accept(CanonicalBatch batch) {
        apply(batch, connection -> { });
    }

    /** Work that must commit or fail together with a batch (marking a quarantine entry replayed, say). */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection connection) throws SQLException;
    }

    /** How a batch's changes fared: new versions, unchanged re-reads, and stale (older than stored) ones. */
    public record Outcome(int versions, int unchanged, int stale) {}

    /**
     * Applies a batch and {@code alsoInTransaction} in one transaction. A batch that completes a snapshot
     * then retires the rows the snapshot did not read, in a transaction of its own (its locks in the same
     * key order); a crash in between leaves the source's offsets uncommitted, so the snapshot is read again.
     */
    public Outcome apply(CanonicalBatch batch, InTransaction alsoInTransaction) {
        if (batch.isEmpty()) {
            return new Outcome(0, 0, 0);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Outcome outcome;
            try {
                outcome = apply(connection, batch.changes());
                Quarantine.hold(connection, batch.rejections());
                alsoInTransaction.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            int retired = 0;
            if (batch.completedSnapshot() != null) {
                try {
                    retired = retireUnread(connection, batch.completedSnapshot());
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
            applied.addAndGet(outcome.versions() + retired);
            unchangedCount.addAndGet(outcome.unchanged());
            stale.addAndGet(outcome.stale());
            quarantined.addAndGet(batch.rejections().size());
            projectConflicts(connection);
            return outcome;
        } catch (SQLException e) {
            throw new PoolException("applying a batch of " + batch.changes().size() + " changes failed", e);
        }
    }

    /**
     * Brings the departments' disagreements up to date with what committed (this batch's and any other's).
     * The batch is committed: a failure here only delays the projection to the next batch's drain.
     */
    private void projectConflicts(Connection connection) {
        try {
            conflicts.drain(connection);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("projecting disagreements between departments failed; the next batch retries: {}",
                    new PoolException("conflict projection", e).getMessage());
        }
    }

    /**
     * Start-up catch-up: names the contributions written before they were named (pools older than migration
     * V2), then projects the disagreements of subjects whose batches committed without their projection (a
     * crash in between).
     */
    public void catchUp() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            int named;
            do {
                named = nameUnnamed(connection);
                connection.commit();
            } while (named > 0);
            conflicts.drain(connection);
        } catch (SQLException e) {
            throw new PoolException("catching up on the pool's derived data failed", e);
        }
    }

    /** Names up to a thousand unnamed live contributions (locked in key order, skipping rows a writer holds). */
    private int nameUnnamed(Connection connection) throws SQLException {
        List<String[]> keys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT entity, source_id, row_key, fingerprint, record FROM contribution WHERE names IS NULL AND NOT deleted "
                        + "ORDER BY " + KEY_ORDER + " LIMIT 1000 FOR UPDATE SKIP LOCKED");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String entity = rows.getString(1);
                keys.add(new String[] {entity, rows.getString(2), rows.getString(3)});
                org.apache.avro.Schema writer = registry.writerSchema(rows.getLong(4));
                byte[] record = rows.getBytes(5);
                names.add(registry.current(entity)
                        .map(schema -> literal(PartyLinks.names(schema, RecordCodec.decode(record, writer, schema.avro()))))
                        .orElse("{}"));
            }
        }
        if (keys.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE contribution c SET names = r.names::text[] FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) "
                        + "AS r(entity, source_id, row_key, names) "
                        + "WHERE c.entity = r.entity AND c.source_id = r.source_id AND c.row_key = r.row_key")) {
            for (int column = 0; column < 3; column++) {
                int i = column;
                update.setArray(column + 1, connection.createArrayOf("text", keys.stream().map(key -> key[i]).toArray(String[]::new)));
            }
            update.setArray(4, connection.createArrayOf("text", names.toArray(String[]::new)));
            update.executeUpdate();
        }
        return keys.size();
    }

    private Outcome apply(Connection connection, List<CanonicalChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return new Outcome(0, 0, 0);
        }
        // Each row's changes in batch order, the rows in key order; and each row folded as if the pool held nothing.
        TreeMap<RowRef, List<Integer>> rows = new TreeMap<>();
        for (int i = 0; i < changes.size(); i++) {
            rows.computeIfAbsent(RowRef.of(changes.get(i)), ref -> new ArrayList<>()).add(i);
        }
        byte[][] encoded = new byte[changes.size()][];
        String source = changes.get(0).origin().sourceId();
        if (rows.size() == changes.size() && NewRowsCopy.suits(changes) && bulkTurn(source)) {
            if (NewRowsCopy.copy(connection, changes, rows.values().stream().map(indexes -> indexes.get(0)).toList(), encoded)) {
                return appliedAsNew(connection, changes, encoded);
            }
            bulkPaused.put(source, BULK_PAUSE);
        }
        Map<RowRef, Folded> folded = new LinkedHashMap<>();
        for (Map.Entry<RowRef, List<Integer>> row : rows.entrySet()) {
            folded.put(row.getKey(), fold(changes, encoded, row.getValue(), null));
        }
        // The one statement that locks: rows new to the pool are inserted as folded, the others locked as they are.
        Set<RowRef> inserted = insertNewLockExisting(connection, folded);
        Map<RowRef, Folded> updated = new LinkedHashMap<>();
        List<RowRef> existing = folded.keySet().stream().filter(ref -> !inserted.contains(ref)).toList();
        Map<RowRef, StoredRow> stored = readLocked(connection, existing);
        if (stored.size() != existing.size()) {
            throw new IllegalStateException("a contribution row locked by this batch was not found; the batch is retried");
        }
        for (Map.Entry<RowRef, StoredRow> row : stored.entrySet()) {
            Folded result = fold(changes, encoded, rows.get(row.getKey()), row.getValue());
            folded.put(row.getKey(), result);
            if (result.last() != null) {
                updated.put(row.getKey(), result);
            }
        }
        updateExisting(connection, updated.values().stream().map(Folded::last).toList());
        TreeMap<Integer, Applied> versions = new TreeMap<>(); // batch order: history numbers versions in source order
        Set<List<String>> touched = new LinkedHashSet<>();
        int unchanged = 0;
        for (Map.Entry<RowRef, Folded> row : folded.entrySet()) {
            versions.putAll(row.getValue().versions());
            unchanged += row.getValue().unchanged();
            row.getValue().subjects().forEach(subject -> touched.add(List.of(row.getKey().entity(), subject)));
        }
        List<Applied> toApply = new ArrayList<>(versions.values());
        writeHistory(connection, toApply);
        queueAndAnnounce(connection, touched, toApply);
        return new Outcome(toApply.size(), unchanged, changes.size() - toApply.size() - unchanged);
    }

    /** Queues the subjects whose records changed, and announces the new versions when changes are published. */
    private void queueAndAnnounce(Connection connection, Set<List<String>> touched, List<Applied> versions) throws SQLException {
        ConflictProjection.queue(connection, touched);
        if (announce) {
            // After the rows' locks: a source row's outbox rows are numbered in commit order.
            Outbox.append(connection, versions.stream().map(a -> new Outbox.Version(a.change(), a.subject(), a.record())).toList());
        }
    }

    /**
     * Whether this batch of the source may try the bulk path: not for {@link #BULK_PAUSE} batches after one
     * met rows the pool holds (a re-snapshot would otherwise build and send every batch only to fall back).
     */
    private boolean bulkTurn(String source) {
        return bulkPaused.computeIfPresent(source, (key, left) -> left > 1 ? left - 1 : null) == null;
    }

    /** What follows a batch that {@link NewRowsCopy} wrote: every change a first version, its subject queued. */
    private Outcome appliedAsNew(Connection connection, List<CanonicalChange> changes, byte[][] encoded) throws SQLException {
        Set<List<String>> touched = new LinkedHashSet<>();
        List<Applied> versions = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            CanonicalChange change = changes.get(i);
            if (change.subjectKey() != null) {
                touched.add(List.of(change.entity(), change.subjectKey()));
            }
            versions.add(new Applied(change, change.subjectKey(), encoded[i]));
        }
        queueAndAnnounce(connection, touched, versions);
        return new Outcome(changes.size(), 0, 0);
    }

    /**
     * One row's changes (indexes into the batch, in batch order) applied on top of {@code stored} (null: the
     * pool has no such row): the new versions by batch index, how many were unchanged re-reads, the state to
     * store (null when every change was stale), and the subjects whose golden records changed.
     */
    private static Folded fold(List<CanonicalChange> changes, byte[][] encoded, List<Integer> indexes, StoredRow stored) {
        StoredRow current = stored;
        Map<Integer, Applied> versions = new TreeMap<>();
        Set<String> subjects = new TreeSet<>();
        Applied last = null;
        int unchanged = 0;
        for (int index : indexes) {
            CanonicalChange change = changes.get(index);
            String position = change.origin().position();
            if (current != null && position.compareTo(current.position()) <= 0) {
                continue;
            }
            if (encoded[index] == null && change.record() != null) {
                encoded[index] = RecordCodec.encode(change.record());
            }
            byte[] record = encoded[index];
            String subject = change.subjectKey();
            Long fingerprint = record == null ? null : change.schema().fingerprint();
            StoredRow previous = current;
            current = new StoredRow(position, subject, fingerprint, record);
            if (previous != null && previous.sameRecord(fingerprint, record)) {
                // The same record again (a re-snapshot, or a change to unmapped columns): not a new version,
                // but its newer position and source time are the contribution's now, and ties between
                // departments go to the newer source time.
                last = new Applied(change, subject, record);
                unchanged++;
                if (subject != null) {
                    subjects.add(subject);
                }
                continue;
            }
            // A delete keeps the subject it last belonged to, so history can answer "what did this subject have".
            String recordedSubject = subject != null ? subject : previous == null ? null : previous.subject();
            last = new Applied(change, recordedSubject, record);
            versions.put(index, last);
            if (previous != null && previous.subject() != null) {
                subjects.add(previous.subject());
            }
            if (subject != null) {
                subjects.add(subject);
            }
        }
        return new Folded(versions, unchanged, last, subjects);
    }

    private record Folded(Map<Integer, Applied> versions, int unchanged, Applied last, Set<String> subjects) {}

    /**
     * Inserts the rows the pool does not hold yet, as folded, and locks the rows it holds, in one statement
     * that takes the rows in key order ({@code ON CONFLICT DO UPDATE ... WHERE false} locks an existing row
     * without writing it). Returns the rows inserted.
     */
    private Set<RowRef> insertNewLockExisting(Connection connection, Map<RowRef, Folded> folded) throws SQLException {
        List<Applied> rows = folded.values().stream().map(Folded::last).toList();
        Set<RowRef> inserted = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO contribution (entity, source_id, row_key, subject_key, department, position, source_time, "
                        + "fingerprint, record, names, deleted, applied_at) "
                        + "SELECT entity, source_id, row_key, subject_key, department, position, source_time, fingerprint, record, "
                        + "names::text[], record IS NULL, now() FROM " + unnestCommonColumns(", ?::text[]", ", names") + " "
                        + "ORDER BY " + KEY_ORDER + " "
                        + "ON CONFLICT (entity, source_id, row_key) DO UPDATE SET position = EXCLUDED.position WHERE false "
                        + "RETURNING entity, source_id, row_key")) {
            bindCommonColumns(connection, insert, rows);
            insert.setArray(10, connection.createArrayOf("text", rows.stream().map(this::namesLiteral).toArray(String[]::new)));
            try (ResultSet result = insert.executeQuery()) {
                while (result.next()) {
                    inserted.add(new RowRef(result.getString(1), result.getString(2), result.getString(3)));
                }
            }
        }
        return inserted;
    }

    /** The stored state of rows this transaction has locked. */
    private static Map<RowRef, StoredRow> readLocked(Connection connection, List<RowRef> refs) throws SQLException {
        Map<RowRef, StoredRow> stored = new TreeMap<>();
        if (refs.isEmpty()) {
            return stored;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT c.entity, c.source_id, c.row_key, c.position, c.subject_key, c.deleted, c.fingerprint, c.record FROM contribution c "
                        + "JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(entity, source_id, row_key) "
                        + "USING (entity, source_id, row_key)")) {
            select.setArray(1, connection.createArrayOf("text", refs.stream().map(RowRef::entity).toArray(String[]::new)));
            select.setArray(2, connection.createArrayOf("text", refs.stream().map(RowRef::sourceId).toArray(String[]::new)));
            select.setArray(3, connection.createArrayOf("text", refs.stream().map(RowRef::rowKey).toArray(String[]::new)));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    boolean deleted = result.getBoolean(6);
                    stored.put(new RowRef(result.getString(1), result.getString(2), result.getString(3)),
                            new StoredRow(result.getString(4), deleted ? null : result.getString(5),
                                    deleted ? null : result.getLong(7), deleted ? null : result.getBytes(8)));
                }
            }
        }
        return stored;
    }

    /** A contribution's names (see {@link PartyLinks#names}) as a PostgreSQL array literal; a delete names nothing. */
    private String namesLiteral(Applied applied) {
        CanonicalChange change = applied.change();
        return change.record() == null ? "{}" : literal(PartyLinks.names(change.schema(), change.record()));
    }

    private static String literal(String[] names) {
        StringBuilder literal = new StringBuilder("{");
        for (String name : names) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"').append(name.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return literal.append('}').toString();
    }

    /**
     * The new state of rows this transaction has locked, in one statement: the rows travel as one array per
     * column and {@code unnest} turns them back into rows, so the server parses and plans once.
     */
    private void updateExisting(Connection connection, List<Applied> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE contribution c SET subject_key = r.subject_key, department = r.department, position = r.position, "
                        + "source_time = r.source_time, fingerprint = r.fingerprint, record = r.record, names = r.names::text[], "
                        + "deleted = r.record IS NULL, applied_at = now() "
                        + "FROM " + unnestCommonColumns(", ?::text[]", ", names") + " "
                        + "WHERE c.entity = r.entity AND c.source_id = r.source_id AND c.row_key = r.row_key AND c.position < r.position")) {
            bindCommonColumns(connection, update, rows);
            update.setArray(10, connection.createArrayOf("text", rows.stream().map(this::namesLiteral).toArray(String[]::new)));
            update.executeUpdate();
        }
    }

    /**
     * After a full snapshot: every live contribution of the snapshot's tables at an older position was not
     * read, so its row is gone from the source. It is deleted as a delete from the source would be — a
     * tombstone at the snapshot's position, a history version — unless the snapshot quarantined that row (it
     * exists, it just did not map; the pool keeps its last good state, as it does when a streamed change is
     * quarantined). One statement locks the rows, in key order like a batch. Returns the number retired.
     */
    private int retireUnread(Connection connection, CompletedSnapshot snapshot) throws SQLException {
        Set<List<String>> touched = new LinkedHashSet<>();
        List<String[]> retired = new ArrayList<>(); // entity, subject, row key, department
        try (PreparedStatement retire = connection.prepareStatement(
                "WITH unread AS MATERIALIZED (SELECT c.entity, c.source_id, c.row_key FROM contribution c, unnest(?::text[]) AS t(name) "
                        + "WHERE c.source_id = ? AND starts_with(c.row_key, t.name || '/') AND NOT c.deleted AND c.position < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.source_id = c.source_id AND q.source_table = t.name "
                        + "AND q.position = ? AND t.name || '/' || q.row_key = c.row_key) "
                        + "ORDER BY " + KEY_ORDER_OF_C + " FOR UPDATE OF c), "
                        + "gone AS (UPDATE contribution c SET deleted = true, record = NULL, fingerprint = NULL, names = '{}', position = ?, "
                        + "source_time = ?, applied_at = now() FROM unread u "
                        + "WHERE c.entity = u.entity AND c.source_id = u.source_id AND c.row_key = u.row_key AND NOT c.deleted AND c.position < ? "
                        + "RETURNING c.entity, c.row_key, c.subject_key, c.department) "
                        + "INSERT INTO history (entity, source_id, row_key, subject_key, department, position, source_time, op) "
                        + "SELECT entity, ?, row_key, subject_key, department, ?, ?, 'd' FROM gone "
                        + "RETURNING entity, subject_key, row_key, department")) {
            Timestamp sourceTime = Timestamp.from(snapshot.sourceTime());
            retire.setArray(1, connection.createArrayOf("text", snapshot.tables().toArray(String[]::new)));
            retire.setString(2, snapshot.sourceId());
            retire.setString(3, snapshot.position());
            retire.setString(4, snapshot.position());
            retire.setString(5, snapshot.position());
            retire.setTimestamp(6, sourceTime);
            retire.setString(7, snapshot.position());
            retire.setString(8, snapshot.sourceId());
            retire.setString(9, snapshot.position());
            retire.setTimestamp(10, sourceTime);
            try (ResultSet rows = retire.executeQuery()) {
                while (rows.next()) {
                    retired.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)});
                    if (rows.getString(2) != null) {
                        touched.add(List.of(rows.getString(1), rows.getString(2)));
                    }
                }
            }
        }
        ConflictProjection.queue(connection, touched);
        if (announce && !retired.isEmpty()) {
            // A retired row is a delete like any other for subscribers.
            try (PreparedStatement outbox = connection.prepareStatement(
                    "INSERT INTO outbox (entity, source_id, row_key, subject_key, department, op, position, source_time) "
                            + "VALUES (?, ?, ?, ?, ?, 'd', ?, ?)")) {
                for (String[] row : retired) {
                    outbox.setString(1, row[0]);
                    outbox.setString(2, snapshot.sourceId());
                    outbox.setString(3, row[2]);
                    outbox.setString(4, row[1]);
                    outbox.setString(5, row[3]);
                    outbox.setString(6, snapshot.position());
                    outbox.setTimestamp(7, Timestamp.from(snapshot.sourceTime()));
                    outbox.addBatch();
                }
                outbox.executeBatch();
            }
        }
        if (!retired.isEmpty()) {
            LOG.info("source {}: the snapshot of {} did not read {} row(s) the pool held; deleted from the pool as gone from the source",
                    snapshot.sourceId(), snapshot.tables(), retired.size());
        }
        return retired.size();
    }

    /** One history version per applied change, in one statement (see {@link #writeContributions}). */
    private static void writeHistory(Connection connection, List<Applied> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement history = connection.prepareStatement(
                "INSERT INTO history (entity, source_id, row_key, subject_key, department, position, source_time, "
                        + "fingerprint, record, op) SELECT * FROM " + unnestCommonColumns(", ?::text[]", ", op"))) {
            bindCommonColumns(connection, history, changes);
            history.setArray(10, connection.createArrayOf("text",
                    changes.stream().map(applied -> applied.change().operation().code()).toArray(String[]::new)));
            history.executeUpdate();
        }
    }

    /**
     * The nine columns that contribution and history share, as rows from the arrays bound to parameters
     * 1-9, followed by {@code extraArrays} (parameters from 10) named {@code extraNames}.
     */
    private static String unnestCommonColumns(String extraArrays, String extraNames) {
        return "unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::bigint[], "
                + "?::bytea[]" + extraArrays + ") AS r(entity, source_id, row_key, subject_key, department, position, "
                + "source_time, fingerprint, record" + extraNames + ")";
    }

    /** Binds columns 1-9, which contribution and history share, one array per column in the same order. */
    private static void bindCommonColumns(Connection connection, PreparedStatement statement, List<Applied> changes)
            throws SQLException {
        int rows = changes.size();
        String[] entities = new String[rows];
        String[] sources = new String[rows];
        String[] rowKeys = new String[rows];
        String[] subjects = new String[rows];
        String[] departments = new String[rows];
        String[] positions = new String[rows];
        String[] sourceTimes = new String[rows];
        Long[] fingerprints = new Long[rows];
        byte[][] records = new byte[rows][];
        for (int i = 0; i < rows; i++) {
            Applied applied = changes.get(i);
            CanonicalChange change = applied.change();
            Origin origin = change.origin();
            entities[i] = change.entity();
            sources[i] = origin.sourceId();
            rowKeys[i] = origin.rowKey();
            subjects[i] = applied.subject();
            departments[i] = origin.department();
            positions[i] = origin.position();
            sourceTimes[i] = BinaryCopyRows.toMicros(origin.sourceTime()).toString(); // at most six digits: no rounding left to the server
            fingerprints[i] = applied.record() == null ? null : change.schema().fingerprint();
            records[i] = applied.record();
        }
        statement.setArray(1, connection.createArrayOf("text", entities));
        statement.setArray(2, connection.createArrayOf("text", sources));
        statement.setArray(3, connection.createArrayOf("text", rowKeys));
        statement.setArray(4, connection.createArrayOf("text", subjects));
        statement.setArray(5, connection.createArrayOf("text", departments));
        statement.setArray(6, connection.createArrayOf("text", positions));
        statement.setArray(7, connection.createArrayOf("text", sourceTimes));
        statement.setArray(8, connection.createArrayOf("int8", fingerprints));
        statement.setArray(9, connection.createArrayOf("bytea", records));
    }

    private record RowRef(String entity, String sourceId, String rowKey) implements Comparable<RowRef> {
        /** {@link PoolWriter#KEY_ORDER}: by code point (String's own order differs above U+FFFF). */
        private static final Comparator<String> CODE_POINTS = RowRef::compareCodePoints;
        private static final Comparator<RowRef> ORDER = Comparator.comparing(RowRef::entity, CODE_POINTS)
                .thenComparing(RowRef::sourceId, CODE_POINTS).thenComparing(RowRef::rowKey, CODE_POINTS);

        static RowRef of(CanonicalChange change) {
            return new RowRef(change.entity(), change.origin().sourceId(), change.origin().rowKey());
        }

        @Override
        public int compareTo(RowRef other) {
            return ORDER.compare(this, other);
        }

        static int compareCodePoints(String a, String b) {
            int common = Math.min(a.length(), b.length());
            for (int i = 0; i < common; i++) {
                char x = a.charAt(i);
                char y = b.charAt(i);
                if (x != y) {
                    // Half of a pair (a code point above U+FFFF) sorts after any other char, which UTF-16 order misses.
                    boolean pairX = Character.isSurrogate(x);
                    boolean pairY = Character.isSurrogate(y);
                    return pairX == pairY ? x - y : pairX ? 1 : -1;
                }
            }
            return a.length() - b.length();
        }
    }

    /** A change that is newer than what the pool holds, with its subject and encoded record. */
    private record Applied(CanonicalChange change, String subject, byte[] record) {}

    /** A stored contribution's position, and its subject and record unless it was deleted. */
    private record StoredRow(String position, String subject, Long fingerprint, byte[] record) {
        boolean sameRecord(Long otherFingerprint, byte[] otherRecord) {
            return record != null && otherRecord != null && fingerprint.equals(otherFingerprint)
                    && java.util.Arrays.equals(record, otherRecord);
        }
    }
}
