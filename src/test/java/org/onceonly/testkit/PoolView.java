/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.onceonly.pool.MaterialStore;
import org.onceonly.pool.Outbox;
import org.onceonly.pool.PoolReader;
import org.onceonly.pool.Quarantine;
import org.onceonly.pool.SchemaRegistry;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.Operation;
import org.onceonly.schema.RecordCodec;
import org.onceonly.schema.SchemaCatalog;

/**
 * The pool as tests look at it: only through the pool's own reading API ({@link PoolReader},
 * {@link Quarantine}, {@link MaterialStore}, {@link Outbox}, {@link SchemaRegistry}), never through its tables, so that a change of
 * storage breaks the reading code once rather than the tests. Every call reads afresh; a call while the pool
 * is down throws {@code PoolException}.
 */
public final class PoolView {
    private static final Pattern ROW_ID = Pattern.compile("\\{\"id\":(\\d+)}$");
    private final DataSource dataSource;
    private final PoolReader reader;
    private final Quarantine quarantine;

    public PoolView(DataSource dataSource) {
        this.dataSource = dataSource;
        // Read-only: nothing is registered, so only the methods that do not decode by a registered schema are used.
        this.reader = new PoolReader(dataSource, new SchemaRegistry(dataSource));
        this.quarantine = new Quarantine(dataSource);
    }

    public PoolReader reader() {
        return reader;
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    /** Golden records of an entity. */
    public List<PoolReader.GoldenRecord> golden(String entity) {
        return reader.goldenRecords(entity);
    }

    /** The fields of one golden record, if the pool holds it. */
    public Optional<ObjectNode> golden(String entity, String subject) {
        return reader.golden(entity, subject).map(PoolReader.GoldenRecord::fields);
    }

    /** How many golden records of an entity the pool holds. */
    public long count(String entity) {
        return reader.count(entity);
    }

    /** Subject → the surviving value of {@code field} as text ({@code null} where the record has none). */
    public Map<String, String> values(String entity, String field) {
        Map<String, String> values = new HashMap<>();
        for (PoolReader.GoldenRecord record : golden(entity)) {
            JsonNode value = record.fields().path(field).path("value");
            values.put(record.subject(), value.isMissingNode() || value.isNull() ? null : value.asText());
        }
        return values;
    }

    /** Every version a source contributed (every source's when null), in the order the pool applied them. */
    public List<PoolReader.Version> history(String sourceId) {
        return reader.history(sourceId);
    }

    /** How many versions a source contributed (every source when null). */
    public long versions(String sourceId) {
        return reader.versionCount(sourceId);
    }

    /** Versions of a source's operation {@code operation}. */
    public long versions(String sourceId, Operation operation) {
        return history(sourceId).stream().filter(version -> version.operation() == operation).count();
    }

    /** Source row id → how many versions of it history holds, for a source whose rows are keyed by {@code id}. */
    public Map<Long, Integer> versionsPerRow(String sourceId) {
        Map<Long, Integer> versions = new TreeMap<>();
        history(sourceId).forEach(version -> versions.merge(rowId(version.rowKey()), 1, Integer::sum));
        return versions;
    }

    /** Ids of the rows a source contributes now. */
    public Set<Long> liveRowIds(String sourceId) {
        return reader.liveRows(sourceId).stream().map(row -> rowId(row.rowKey())).collect(Collectors.toCollection(TreeSet::new));
    }

    /** How many rows a source contributes now. */
    public long liveRows(String sourceId) {
        return reader.freshness().stream().filter(f -> f.sourceId().equals(sourceId)).mapToLong(PoolReader.Freshness::rows).sum();
    }

    /** Held quarantine entries of a source (every source's when null). */
    public List<Quarantine.Entry> held(String sourceId) {
        return quarantine.list(sourceId, Quarantine.Status.HELD, Integer.MAX_VALUE);
    }

    /** Quarantine entries of a source in any state (every source's when null). */
    public List<Quarantine.Entry> quarantined(String sourceId) {
        return quarantine.list(sourceId, null, Integer.MAX_VALUE);
    }

    /** Held quarantine entries of a source: row id → reasons. */
    public Map<Long, List<FieldViolation>> heldReasonsByRow(String sourceId) {
        Map<Long, List<FieldViolation>> held = new TreeMap<>();
        held(sourceId).forEach(entry -> held.put(rowId(entry.rowKey()), entry.reasons()));
        return held;
    }

    /** The materials linked to a subject (its uploads), oldest first. */
    public List<MaterialStore.Linked> materials(String subject) {
        return new MaterialStore(dataSource).forSubject(subject);
    }

    /** Changes in the outbox that the relay has not published yet. */
    public long outboxPending() {
        return Outbox.pending(dataSource);
    }

    /** Every schema version the pool registered, by fingerprint. */
    public Map<Long, Schema> writerSchemas() {
        return SchemaRegistry.registered(dataSource);
    }

    /** A version's record read with {@code readerSchema}; null for a delete. */
    public GenericRecord decode(PoolReader.Version version, Schema readerSchema) {
        if (version.record() == null) {
            return null;
        }
        Schema writer = writerSchemas().get(version.fingerprint());
        return RecordCodec.decode(version.record(), writer, readerSchema);
    }

    /** The current project schema of an entity, to read records with. */
    public static Schema projectSchema(String entity) {
        return SchemaCatalog.load(java.nio.file.Path.of("schemas")).require(entity).avro();
    }

    /** The id in a row key such as {@code hukou.residents/{"id":42}}. */
    public static long rowId(String rowKey) {
        Matcher matcher = ROW_ID.matcher(rowKey);
        if (!matcher.find()) {
            throw new IllegalArgumentException("not a row key of a table keyed by id: " + rowKey);
        }
        return Long.parseLong(matcher.group(1));
    }
}
