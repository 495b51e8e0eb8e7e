/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.apache.avro.generic.GenericRecord;
import org.onceonly.pool.golden.Contribution;
import org.onceonly.pool.golden.GoldenRecordBuilder;
import org.onceonly.pool.golden.PartyLinks;
import org.onceonly.pool.golden.Provenance;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.Operation;
import org.onceonly.schema.RecordCodec;

/** Reads golden records, the records that name a subject, past states, disagreements and what each source contributes. */
public final class PoolReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource dataSource;
    private final SchemaRegistry registry;

    public PoolReader(DataSource dataSource, SchemaRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
    }

    /**
     * A golden record: each field as {value, source, department, asOf, position}. {@code roles} names the
     * fields through which it was found when read as a record naming another subject (empty otherwise).
     */
    public record GoldenRecord(String entity, String subject, ObjectNode fields, Instant updatedAt, List<String> roles) {}

    /** A field on which departments disagree, with every department's value (the surviving one first). */
    public record Conflict(String entity, String subject, String field, List<String> departments, JsonNode candidates,
                           Instant detectedAt) {}

    /** How fresh one source's contribution to an entity is: its last change (source time) and when it was applied. */
    public record Freshness(String entity, String sourceId, String department, long rows, Instant lastChange, Instant lastApplied) {}

    /** Per entity and source: live rows, last change and last apply. */
    public List<Freshness> freshness() {
        List<Freshness> out = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT entity, source_id, department, "
                     + "count(*) FILTER (WHERE NOT deleted), max(source_time), max(applied_at) FROM contribution "
                     + "GROUP BY entity, source_id, department ORDER BY entity, source_id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                out.add(new Freshness(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4),
                        rows.getTimestamp(5).toInstant(), rows.getTimestamp(6).toInstant()));
            }
        } catch (SQLException e) {
            throw new PoolException("reading freshness failed", e);
        }
        return out;
    }

    /**
     * One version of a source row as history keeps it: what the source held at {@code position}; {@code record}
     * (Avro, written with the schema of {@code fingerprint}) is null for a delete.
     */
    public record Version(String entity, String sourceId, String rowKey, String subject, Operation operation, String position,
                          Instant sourceTime, Long fingerprint, byte[] record) {}

    /** A source row that contributes to the pool now (its latest change was not a delete). */
    public record LiveRow(String entity, String sourceId, String rowKey, String subject, String position) {}

    /** Every version a source contributed (every source's when null), in the order the pool applied them: for audits. */
    public List<Version> history(String sourceId) {
        List<Version> versions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT entity, source_id, row_key, subject_key, op, position, "
                     + "source_time, fingerprint, record FROM history WHERE (?::text IS NULL OR source_id = ?) ORDER BY id")) {
            select.setString(1, sourceId);
            select.setString(2, sourceId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long fingerprint = rows.getLong(8);
                    versions.add(new Version(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            Operation.ofCode(rows.getString(5)), rows.getString(6), rows.getTimestamp(7).toInstant(),
                            rows.wasNull() ? null : fingerprint, rows.getBytes(9)));
                }
            }
        } catch (SQLException e) {
            throw new PoolException("reading history failed", e);
        }
        return versions;
    }

    /** How many versions a source contributed (every source when null): the size of {@link #history}, counted. */
    public long versionCount(String sourceId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM history WHERE (?::text IS NULL OR source_id = ?)")) {
            select.setString(1, sourceId);
            select.setString(2, sourceId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new PoolException("counting history failed", e);
        }
    }

    /** The rows a source contributes now, by entity and row key. */
    public List<LiveRow> liveRows(String sourceId) {
        List<LiveRow> live = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT entity, source_id, row_key, subject_key, position "
                     + "FROM contribution WHERE source_id = ? AND NOT deleted ORDER BY entity, row_key")) {
            select.setString(1, sourceId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    live.add(new LiveRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new PoolException("reading contributions failed", e);
        }
        return live;
    }

    /** Every golden record of an entity, by subject. */
    public List<GoldenRecord> goldenRecords(String entity) {
        return derive(KEYED + "c.entity = ? ORDER BY c.subject_key", NO_ROLES, entity);
    }

    /** How many golden records of an entity there are: subjects with a live contribution, counted by index. */
    public long count(String entity) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT count(DISTINCT subject_key) FROM contribution WHERE entity = ? AND NOT deleted AND subject_key IS NOT NULL")) {
            select.setString(1, entity);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new PoolException("counting golden records failed", e);
        }
    }

    /** A subject's golden record: built from its live contributions when read (a subject has a handful). */
    public Optional<GoldenRecord> golden(String entity, String subject) {
        return derive(KEYED + "c.entity = ? AND c.subject_key = ?", NO_ROLES, entity, subject).stream().findFirst();
    }

    /** Records of an entity that name the subject as a party (a person's marriages, households, certificates). */
    public List<GoldenRecord> naming(String entity, String subject) {
        return recordsNaming(subject, "n.entity = ?", entity);
    }

    /**
     * Certificates whose signed document has this SHA-256 (hex, lower case): how an uploaded certificate is
     * found without its number (by the digest among its contributions' names).
     */
    public List<GoldenRecord> certificatesWithDigest(String digest) {
        return derive(NAMED + "n.entity = 'Certificate') ORDER BY c.entity, c.subject_key", NO_ROLES, PartyLinks.DIGEST_NAME + digest)
                .stream()
                .filter(record -> digest.equals(record.fields().path("documentDigest").path("value").asText(null)))
                .toList();
    }

    /** Everything the pool holds about a subject: records keyed by it, and records naming it. */
    public List<GoldenRecord> picture(String subject) {
        List<GoldenRecord> picture = new ArrayList<>(derive(KEYED + "c.subject_key = ?", NO_ROLES, subject));
        picture.addAll(recordsNaming(subject, "true"));
        // Stable: a record keyed by the subject comes before the same record naming it.
        picture.sort(Comparator.comparing(GoldenRecord::entity).thenComparing(GoldenRecord::subject));
        return picture;
    }

    /** Live contributions matching a condition on {@code c}. */
    private static final String KEYED = "SELECT " + LiveContributions.COLUMNS + " FROM contribution c WHERE NOT c.deleted AND ";

    /**
     * Live contributions of the subjects one of whose contributions ({@code n}, first parameter: the name)
     * names something, and matches a condition on {@code n} that the caller appends and closes with ")".
     */
    private static final String NAMED = KEYED + "(c.entity, c.subject_key) IN (SELECT n.entity, n.subject_key FROM contribution n "
            + "WHERE n.names @> ARRAY[?]::text[] AND NOT n.deleted AND n.names <> '{}' AND ";

    private static final BiFunction<CanonicalSchema, ObjectNode, List<String>> NO_ROLES = (schema, fields) -> List.of();

    /**
     * Golden records (among the subjects of contributions {@code n} matching {@code where}) that name
     * {@code party}, with the fields that name it as roles. A contribution's names narrow the search by
     * index; whether the golden record names the party is decided by its surviving values.
     */
    private List<GoldenRecord> recordsNaming(String party, String where, String... parameters) {
        String[] bound = new String[parameters.length + 1];
        bound[0] = party;
        System.arraycopy(parameters, 0, bound, 1, parameters.length);
        BiFunction<CanonicalSchema, ObjectNode, List<String>> roles = (schema, fields) -> PartyLinks.of(schema, fields).stream()
                .filter(link -> link.partyKey().equals(party)).map(PartyLinks.Link::field).distinct().sorted().toList();
        return derive(NAMED + where + ") ORDER BY c.entity, c.subject_key", roles, bound).stream()
                .filter(record -> !record.roles().isEmpty())
                .toList();
    }

    /** Builds the golden record of every subject the query's contributions belong to, with its roles. */
    private List<GoldenRecord> derive(String sql, BiFunction<CanonicalSchema, ObjectNode, List<String>> roles, String... parameters) {
        List<GoldenRecord> records = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            for (LiveContributions.Subject subject : LiveContributions.read(select, registry)) {
                ObjectNode fields = GoldenRecordBuilder.build(subject.schema(), subject.contributions()).fields();
                records.add(new GoldenRecord(subject.entity(), subject.subject(), fields, subject.updatedAt(),
                        roles.apply(subject.schema(), fields)));
            }
        } catch (SQLException e) {
            throw new PoolException("reading golden records failed", e);
        }
        return records;
    }

    /**
     * The golden record as it stood at {@code instant} in source time: for each source row that ever
     * belonged to the subject, its latest version with a source time at or before the instant, unless that
     * was a delete; then the same survivorship as now.
     */
    public Optional<ObjectNode> asOf(CanonicalSchema schema, String subject, Instant instant) {
        List<Contribution> contributions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT op, subject_key, source_id, department, position, source_time, fingerprint, record FROM (
                       SELECT DISTINCT ON (h.source_id, h.row_key) h.*
                       FROM history h
                       WHERE h.entity = ? AND h.source_time <= ?
                         AND (h.source_id, h.row_key) IN (SELECT source_id, row_key FROM history WHERE entity = ? AND subject_key = ?)
                       ORDER BY h.source_id, h.row_key, h.position DESC) latest
                     WHERE op <> 'd' AND subject_key = ?""")) {
            select.setString(1, schema.entity());
            select.setTimestamp(2, Timestamp.from(instant));
            select.setString(3, schema.entity());
            select.setString(4, subject);
            select.setString(5, subject);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    GenericRecord record = RecordCodec.decode(rows.getBytes(8), registry.writerSchema(rows.getLong(7)), schema.avro());
                    contributions.add(new Contribution(record, new Provenance(rows.getString(3), rows.getString(4),
                            rows.getTimestamp(6).toInstant(), rows.getString(5))));
                }
            }
        } catch (SQLException e) {
            throw new PoolException("reading history failed", e);
        }
        return contributions.isEmpty() ? Optional.empty() : Optional.of(GoldenRecordBuilder.build(schema, contributions).fields());
    }

    /** Disagreements between departments, newest first; null filters match everything. */
    public List<Conflict> conflicts(String entity, String department, int limit) {
        List<Conflict> conflicts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT entity, subject_key, field, departments, candidates::text, detected_at FROM conflict "
                             + "WHERE (?::text IS NULL OR entity = ?) AND (?::text IS NULL OR ? = ANY(departments)) "
                             + "ORDER BY detected_at DESC, entity, subject_key, field LIMIT ?")) {
            select.setString(1, entity);
            select.setString(2, entity);
            select.setString(3, department);
            select.setString(4, department);
            select.setInt(5, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    conflicts.add(new Conflict(rows.getString(1), rows.getString(2), rows.getString(3),
                            List.of((String[]) rows.getArray(4).getArray()), JSON.readTree(rows.getString(5)),
                            rows.getTimestamp(6).toInstant()));
                }
            }
        } catch (SQLException | IOException e) {
            throw new PoolException("reading conflicts failed", e);
        }
        return conflicts;
    }
}
