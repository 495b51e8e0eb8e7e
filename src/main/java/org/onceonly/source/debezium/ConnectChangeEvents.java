/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.onceonly.schema.Operation;
import org.onceonly.source.ChangeEnvelope;
import org.onceonly.source.SourceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium change events, as Kafka Connect data, turned into {@link ChangeEnvelope}s: the same for events
 * from the embedded engine and for events read back from a raw change topic, so that both reach the routes
 * and the pool with the same rows, keys and positions.
 */
public final class ConnectChangeEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectChangeEvents.class);
    private static final Set<String> ROW_OPERATIONS = Set.of("c", "u", "d", "r");

    private final String sourceId;
    private final String department;
    private final SourceKind kind;

    public ConnectChangeEvents(String sourceId, String department, SourceKind kind) {
        this.sourceId = sourceId;
        this.department = department;
        this.kind = kind;
    }

    /**
     * The envelope of a change event with its record key, or null for events that carry no row change:
     * tombstones, heartbeats, schema changes, logical-decoding messages and truncates.
     */
    public ChangeEnvelope envelope(Object key, Object value) {
        if (!(value instanceof Struct event) || event.schema().field("op") == null) {
            return null;
        }
        String op = event.getString("op");
        if (!ROW_OPERATIONS.contains(op)) {
            // Logical-decoding messages ('m') carry no row; a truncate ('t') removes rows without naming them,
            // so the pool cannot follow it row by row: say so, once per event, and go on.
            if ("t".equals(op)) {
                LOG.warn("source {}: a table was truncated at the source; the pool keeps its rows until they are "
                        + "deleted or re-snapshotted (onceonly source resnapshot {})", sourceId, sourceId);
            }
            return null;
        }
        Struct source = event.getStruct("source");
        Object snapshot = source.get("snapshot");
        boolean inSnapshot = snapshot != null && !"false".equals(snapshot.toString());
        Long tsMs = source.getInt64("ts_ms");
        return new ChangeEnvelope(Operation.ofCode(op),
                ConnectRowConverter.toJson(event.getStruct("before")),
                ConnectRowConverter.toJson(event.getStruct("after")),
                key instanceof Struct keyStruct ? ConnectRowConverter.toJson(keyStruct) : null,
                new ChangeEnvelope.Source(sourceId, department, table(source), position(source, inSnapshot),
                        tsMs == null ? Instant.now() : Instant.ofEpochMilli(tsMs), inSnapshot));
    }

    /** A batch of events as envelopes, and the one among them that ends the initial snapshot (null if none). */
    public record Converted(List<ChangeEnvelope> envelopes, ChangeEnvelope snapshotEnd) {}

    /**
     * The envelopes of a batch of events, in order. The envelope that ends the snapshot is named on its own:
     * changes streamed after it may follow it in the same batch, at later positions than the snapshot's.
     */
    public Converted convert(List<SourceRecord> records) {
        List<ChangeEnvelope> envelopes = new ArrayList<>(records.size());
        ChangeEnvelope snapshotEnd = null;
        for (SourceRecord record : records) {
            ChangeEnvelope envelope = envelope(record.key(), record.value());
            if (envelope != null) {
                envelopes.add(envelope);
                if (endsSnapshot(record.value())) {
                    snapshotEnd = envelope;
                }
            }
        }
        return new Converted(envelopes, snapshotEnd);
    }

    /** Whether the event is the last record of an initial snapshot (streaming follows it). */
    public static boolean endsSnapshot(Object value) {
        if (value instanceof Struct event && event.schema().field("source") != null) {
            Object snapshot = event.getStruct("source").get("snapshot");
            return snapshot != null && "last".equals(snapshot.toString());
        }
        return false;
    }

    /** {@code schema.table} for PostgreSQL; {@code database.table} for MariaDB and MySQL, which have no schemas. */
    private String table(Struct source) {
        String container = kind.readsBinlog() ? source.getString("db") : source.getString("schema");
        return container + "." + source.getString("table");
    }

    /** Text that sorts in change order: see {@link BinlogPosition} for MariaDB and MySQL. */
    private String position(Struct source, boolean inSnapshot) {
        if (kind.readsBinlog()) {
            return BinlogPosition.of(source.getString("file"), source.getInt64("pos"), source.getInt32("row"), inSnapshot)
                    .encoded();
        }
        // PostgreSQL: the change's own LSN, fixed-width hex so that text order is WAL order.
        Long lsn = source.getInt64("lsn");
        // Not String.format: it parses its pattern on every call, once per change here.
        String hex = Long.toHexString(lsn == null ? 0L : lsn);
        return "pg:" + "0".repeat(16 - hex.length()) + hex;
    }
}
