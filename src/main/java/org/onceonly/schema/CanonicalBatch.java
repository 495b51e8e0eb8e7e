/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * What one batch of source changes became: canonical changes in source order, rejections, and whether the
 * batch ends a full snapshot (whose unread rows the pool then retires in the same transaction).
 */
public final class CanonicalBatch {
    private final List<CanonicalChange> changes = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private CompletedSnapshot completedSnapshot;

    public void add(CanonicalChange change) {
        changes.add(change);
    }

    public void reject(Rejection rejection) {
        rejections.add(rejection);
    }

    /** The batch holds the last rows of a full snapshot. */
    public void completes(CompletedSnapshot snapshot) {
        completedSnapshot = snapshot;
    }

    /** The snapshot this batch completes, or null. */
    public CompletedSnapshot completedSnapshot() {
        return completedSnapshot;
    }

    public List<CanonicalChange> changes() {
        return changes;
    }

    public List<Rejection> rejections() {
        return rejections;
    }

    public boolean isEmpty() {
        return changes.isEmpty() && rejections.isEmpty() && completedSnapshot == null;
    }
}
