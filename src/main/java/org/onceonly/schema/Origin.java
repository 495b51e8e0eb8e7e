/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a change came from: the registered source, its department, the source table and row key, and
 * the source position. {@code position} is an opaque string that sorts (byte-wise) in the order the
 * source produced the changes, so the pool can tell newer from older without knowing the source kind.
 */
public record Origin(String sourceId, String department, String table, String sourceKey,
                     String position, Instant sourceTime, boolean snapshot) {
    public Origin {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(sourceKey, "sourceKey");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(sourceTime, "sourceTime");
    }

    /** The row's identity across the pool: one source row contributes one record per entity. */
    public String rowKey() {
        return table + "/" + sourceKey;
    }
}
