package org.onceonly.pool;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.avro.generic.GenericRecord;
import org.onceonly.pool.golden.Contribution;
import org.onceonly.pool.golden.GoldenRecordStore;
import org.onceonly.pool.golden.Provenance;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.CanonicalSink;
import org.onceonly.schema.CompletedSnapshot;
import org.onceonly.schema.Origin;
import org.onceonly.schema.RecordCodec;
import org.onceonly.schema.SchemaCatalog;

/**
 * Applies a batch of canonical changes in one transaction: each source row's contribution is replaced
 * only by a change with a greater source position (so re-delivery after a crash changes nothing), every
 * applied change is appended to history, rejections go to quarantine, and the golden record of every
 * touched subject is recomputed. Returns only after commit: the caller then commits source offsets.
 */
public final class PoolWriter implements CanonicalSink {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PoolWriter.class);
    private final DataSource dataSource;
    private final SchemaRegistry registry;
    private final SchemaCatalog catalog;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong unchangedCount = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final boolean announce;

    public PoolWriter(DataSource dataSource, SchemaRegistry registry, SchemaCatalog catalog) {
        this(dataSource, registry, catalog, false);
    }

    /**
     * @param announce whether every new version and delete also goes to the {@link Outbox} for publication
     *                 (on only while a relay publishes it, so that the outbox does not grow without end)
     */
    public PoolWriter(DataSource dataSource, SchemaRegistry registry, SchemaCatalog catalog, boolean announce) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.catalog = catalog;
        this.announce = announce;
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

    /** Applies a batch and {@code alsoInTransaction} in one transaction. */
    public Outcome apply(CanonicalBatch batch, InTransaction alsoInTransaction) {
        if (batch.isEmpty()) {
            return new Outcome(0, 0, 0);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Outcome outcome = apply(connection, batch.changes());
                Quarantine.hold(connection, batch.rejections());
                int retired = batch.completedSnapshot() == null ? 0 : retireUnread(connection, batch.completedSnapshot());
                alsoInTransaction.run(connection);
                connection.commit();
                applied.addAndGet(outcome.versions() + retired);
                unchangedCount.addAndGet(outcome.unchanged());
                stale.addAndGet(outcome.stale());
                quarantined.addAndGet(batch.rejections().size());
                return outcome;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PoolException("applying a batch of " + batch.changes().size() + " changes failed", e);
        }
    }

    private Outcome apply(Connection connection, List<CanonicalChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return new Outcome(0, 0, 0);
        }
        Map<RowRef, StoredRow> stored = lockStoredRows(connection, changes);
        Map<String, TreeSet<String>> touchedSubjects = new TreeMap<>();
        List<Applied> toApply = new ArrayList<>();
        List<Applied> unchanged = new ArrayList<>();
        for (CanonicalChange change : changes) {
            RowRef ref = RowRef.of(change);
            StoredRow previous = stored.get(ref);
            String position = change.origin().position();
            if (previous != null && position.compareTo(previous.position()) <= 0) {
                continue;
            }
            String subject = change.subjectKey();
            byte[] record = change.record() == null ? null : RecordCodec.encode(change.record());
            Long fingerprint = record == null ? null : change.schema().fingerprint();
            stored.put(ref, new StoredRow(position, subject, fingerprint, record));
            if (previous != null && previous.sameRecord(fingerprint, record)) {
                // The same record again (a re-snapshot, or a change to unmapped columns): not a new version,
                // but its newer position and source time are the contribution's now, and ties between
                // departments go to the newer source time: the golden record is rebuilt all the same.
                unchanged.add(new Applied(change, subject, record));
                if (subject != null) {
                    touchedSubjects.computeIfAbsent(ref.entity(), e -> new TreeSet<>()).add(subject);
                }
                continue;
            }
            // A delete keeps the subject it last belonged to, so history can answer "what did this subject have".
            String recordedSubject = subject != null ? subject : previous == null ? null : previous.subject();
            toApply.add(new Applied(change, recordedSubject, record));
            if (previous != null && previous.subject() != null) {
                touchedSubjects.computeIfAbsent(ref.entity(), e -> new TreeSet<>()).add(previous.subject());
            }
            if (subject != null) {
                touchedSubjects.computeIfAbsent(ref.entity(), e -> new TreeSet<>()).add(subject);
            }
        }
        writeContributions(connection, lastPerRow(toApply, unchanged));
        writeHistory(connection, toApply);
        for (Map.Entry<String, TreeSet<String>> entry : touchedSubjects.entrySet()) {
            recomputeGoldenRecords(connection, catalog.require(entry.getKey()), entry.getValue());
        }
        if (announce) {
            // After the subjects' locks are taken: a subject's outbox rows are numbered in commit order.
            Outbox.append(connection, toApply.stream().map(a -> new Outbox.Version(a.change(), a.subject(), a.record())).toList());
        }
        return new Outcome(toApply.size(), unchanged.size(), changes.size() - toApply.size() - unchanged.size());
    }

    /**
     * After a full snapshot: every live contribution of the snapshot's tables at an older position was not
     * read, so its row is gone from the source. It is deleted as a delete from the source would be — a
     * tombstone at the snapshot's position, a history version, the golden records recomputed — unless the
     * snapshot quarantined that row (it exists, it just did not map; the pool keeps its last good state, as
     * it does when a streamed change is quarantined). Returns the number of rows retired.
     */
    private int retireUnread(Connection connection, CompletedSnapshot snapshot) throws SQLException {
        Map<String, TreeSet<String>> touchedSubjects = new TreeMap<>();
        List<String[]> retired = new ArrayList<>(); // entity, subject, row key, department
        try (PreparedStatement retire = connection.prepareStatement(
                "WITH unread AS (UPDATE contribution c SET deleted = true, record = NULL, fingerprint = NULL, position = ?, "
                        + "source_time = ?, applied_at = now() "
                        + "WHERE c.source_id = ? AND starts_with(c.row_key, ? || '/') AND NOT c.deleted AND c.position < ? "
                        + "AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.source_id = c.source_id AND q.source_table = ? "
                        + "AND q.position = ? AND ? || '/' || q.row_key = c.row_key) "
                        + "RETURNING c.entity, c.row_key, c.subject_key, c.department) "
                        + "INSERT INTO history (entity, source_id, row_key, subject_key, department, position, source_time, op) "
                        + "SELECT entity, ?, row_key, subject_key, department, ?, ?, 'd' FROM unread "
                        + "RETURNING entity, subject_key, row_key, department")) {
            Timestamp sourceTime = Timestamp.from(snapshot.sourceTime());
            for (String table : snapshot.tables()) {
                retire.setString(1, snapshot.position());
                retire.setTimestamp(2, sourceTime);
                retire.setString(3, snapshot.sourceId());
                retire.setString(4, table);
                retire.setString(5, snapshot.position());
                retire.setString(6, table);
                retire.setString(7, snapshot.position());
                retire.setString(8, table);
                retire.setString(9, snapshot.sourceId());
                retire.setString(10, snapshot.position());
                retire.setTimestamp(11, sourceTime);
                try (ResultSet rows = retire.executeQuery()) {
                    while (rows.next()) {
                        retired.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)});
                        if (rows.getString(2) != null) {
                            touchedSubjects.computeIfAbsent(rows.getString(1), e -> new TreeSet<>()).add(rows.getString(2));
                        }
                    }
                }
            }
        }
        for (Map.Entry<String, TreeSet<String>> entry : touchedSubjects.entrySet()) {
            recomputeGoldenRecords(connection, catalog.require(entry.getKey()), entry.getValue());
        }
        if (announce && !retired.isEmpty()) {
            // A retired row is a delete like any other for subscribers; after the subjects' locks, as above.
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

    /** Reads (and locks) the stored position and subject of every row the batch touches, in one query. */
    private static Map<RowRef, StoredRow> lockStoredRows(Connection connection, List<CanonicalChange> changes) throws SQLException {
        Map<RowRef, StoredRow> stored = new HashMap<>();
        LinkedHashMap<RowRef, Boolean> refs = new LinkedHashMap<>();
        changes.forEach(change -> refs.put(RowRef.of(change), Boolean.TRUE));
        String[] entities = refs.keySet().stream().map(RowRef::entity).toArray(String[]::new);
        String[] sources = refs.keySet().stream().map(RowRef::sourceId).toArray(String[]::new);
        String[] rows = refs.keySet().stream().map(RowRef::rowKey).toArray(String[]::new);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT c.entity, c.source_id, c.row_key, c.position, c.subject_key, c.deleted, c.fingerprint, c.record FROM contribution c "
                        + "JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(entity, source_id, row_key) "
                        + "USING (entity, source_id, row_key) FOR UPDATE OF c")) {
            select.setArray(1, connection.createArrayOf("text", entities));
            select.setArray(2, connection.createArrayOf("text", sources));
            select.setArray(3, connection.createArrayOf("text", rows));
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

    /**
     * A row changed twice in one batch needs only its final state in {@code contribution} (history keeps
     * every version); a multi-row upsert may not touch the same row twice anyway.
     */
    private static List<Applied> lastPerRow(List<Applied> versions, List<Applied> unchanged) {
        Map<RowRef, Applied> last = new LinkedHashMap<>();
        java.util.stream.Stream.concat(versions.stream(), unchanged.stream())
                .sorted(java.util.Comparator.comparing((Applied a) -> a.change().origin().position()))
                .forEach(applied -> last.put(RowRef.of(applied.change()), applied));
        return new ArrayList<>(last.values());
    }

    /**
     * One statement for the whole batch: the rows travel as one array per column and {@code unnest} turns
     * them back into rows, so the server parses and plans once instead of once per row or per hundred rows.
     */
    private static void writeContributions(Connection connection, List<Applied> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO contribution (entity, source_id, row_key, subject_key, department, position, source_time, "
                        + "fingerprint, record, deleted, applied_at) "
                        + "SELECT entity, source_id, row_key, subject_key, department, position, source_time, fingerprint, record, "
                        + "record IS NULL, now() FROM " + unnestCommonColumns("", "") + " "
                        + "ON CONFLICT (entity, source_id, row_key) DO UPDATE SET subject_key = EXCLUDED.subject_key, "
                        + "department = EXCLUDED.department, position = EXCLUDED.position, source_time = EXCLUDED.source_time, "
                        + "fingerprint = EXCLUDED.fingerprint, record = EXCLUDED.record, deleted = EXCLUDED.deleted, applied_at = now() "
                        + "WHERE contribution.position < EXCLUDED.position")) {
            bindCommonColumns(connection, upsert, changes);
            upsert.executeUpdate();
        }
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
            sourceTimes[i] = origin.sourceTime().toString();
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

    /**
     * Rebuilds the golden records of the given subjects from their live contributions. Subjects are locked
     * (transaction-scoped advisory locks, in a fixed order) so that two sources writing the same subject
     * concurrently cannot each compute a record without the other's contribution.
     */
    private void recomputeGoldenRecords(Connection connection, CanonicalSchema schema, TreeSet<String> subjects) throws SQLException {
        String[] keys = subjects.toArray(String[]::new);
        Array subjectArray = connection.createArrayOf("text", keys);
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT hashtextextended(? || '|' || s, 0) AS h "
                        + "FROM unnest(?::text[]) AS s ORDER BY 1) AS locks")) {
            lock.setString(1, schema.entity());
            lock.setArray(2, subjectArray);
            lock.executeQuery().close();
        }
        Map<String, List<Contribution>> bySubject = new TreeMap<>();
        for (String subject : keys) {
            bySubject.put(subject, new ArrayList<>());
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT subject_key, source_id, department, position, source_time, fingerprint, record FROM contribution "
                        + "WHERE entity = ? AND subject_key = ANY(?) AND NOT deleted")) {
            select.setString(1, schema.entity());
            select.setArray(2, subjectArray);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    GenericRecord record = RecordCodec.decode(rows.getBytes(7), registry.writerSchema(rows.getLong(6)), schema.avro());
                    bySubject.get(rows.getString(1)).add(new Contribution(record, new Provenance(rows.getString(2),
                            rows.getString(3), rows.getTimestamp(5).toInstant(), rows.getString(4))));
                }
            }
        }
        GoldenRecordStore.replace(connection, schema, bySubject);
    }

    private record RowRef(String entity, String sourceId, String rowKey) {
        static RowRef of(CanonicalChange change) {
            return new RowRef(change.entity(), change.origin().sourceId(), change.origin().rowKey());
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
