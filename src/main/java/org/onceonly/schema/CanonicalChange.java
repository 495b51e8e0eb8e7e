/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * A change to one canonical record, as a route produced it. {@code record} is null for a delete, which
 * removes the contribution of the origin's row.
 */
public record CanonicalChange(CanonicalSchema schema, Operation operation, GenericRecord record, Origin origin) {
    public CanonicalChange {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(origin, "origin");
        if (operation != Operation.DELETE) {
            Objects.requireNonNull(record, "record");
        }
    }

    public String entity() {
        return schema.entity();
    }

    /** The subject this record belongs to, or null for a delete (the pool knows the stored one). */
    public String subjectKey() {
        return record == null ? null : schema.subjectOf(record);
    }
}
