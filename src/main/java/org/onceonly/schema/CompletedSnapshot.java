/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A full read of a source's tables ended: every row they hold was read at {@code position} (or, if it did
 * not map, quarantined there). A row the pool still has from that source and those tables at an older
 * position was not read, so it is gone from the source: deleted while the hub was not looking (down during
 * an interrupted snapshot, say), which a snapshot, unlike the change log, cannot say row by row.
 */
public record CompletedSnapshot(String sourceId, List<String> tables, String position, Instant sourceTime) {
    public CompletedSnapshot {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(sourceTime, "sourceTime");
        tables = List.copyOf(tables);
    }
}
