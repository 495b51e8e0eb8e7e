/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.onceonly.pool.golden.Contribution;
import org.onceonly.pool.golden.Provenance;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.RecordCodec;

/**
 * Contributions as golden records are built from them: read by a query selecting {@link #COLUMNS} from
 * {@code contribution c}, grouped by entity and subject (in the order the query returns them) and decoded into
 * each entity's current schema.
 */
final class LiveContributions {
    static final String COLUMNS = "c.entity, c.subject_key, c.source_id, c.department, c.position, c.source_time, c.fingerprint, "
            + "c.record, c.applied_at";

    private LiveContributions() {}

    /** A subject's live contributions to one entity, and when the latest of them was applied. */
    record Subject(CanonicalSchema schema, String subject, List<Contribution> contributions, Instant updatedAt) {
        String entity() {
            return schema.entity();
        }
    }

    static List<Subject> read(PreparedStatement select, SchemaRegistry registry) throws SQLException {
        Map<String, Optional<CanonicalSchema>> schemas = new HashMap<>();
        Map<List<String>, Subject> bySubject = new LinkedHashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String entity = rows.getString(1);
                Optional<CanonicalSchema> schema = schemas.computeIfAbsent(entity, registry::current);
                if (schema.isEmpty()) {
                    continue; // an entity no schema describes any more: nothing can be built from it
                }
                String subject = rows.getString(2);
                Instant applied = rows.getTimestamp(9).toInstant();
                Subject group = bySubject.computeIfAbsent(List.of(entity, subject),
                        key -> new Subject(schema.get(), subject, new ArrayList<>(), applied));
                if (applied.isAfter(group.updatedAt())) {
                    group = new Subject(group.schema(), subject, group.contributions(), applied);
                    bySubject.put(List.of(entity, subject), group);
                }
                GenericRecord record = RecordCodec.decode(rows.getBytes(8), registry.writerSchema(rows.getLong(7)), schema.get().avro());
                group.contributions().add(new Contribution(record, new Provenance(rows.getString(3), rows.getString(4),
                        rows.getTimestamp(6).toInstant(), rows.getString(5))));
            }
        }
        return new ArrayList<>(bySubject.values());
    }
}
