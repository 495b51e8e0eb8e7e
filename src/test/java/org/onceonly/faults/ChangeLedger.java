/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import java.util.Map;
import java.util.TreeMap;

/**
 * The changes a test made to a department table, counted per row: the history versions the pool must hold
 * once it has caught up (one per change, since every change writes a value the row never had before).
 */
final class ChangeLedger {
    private final Map<Long, Integer> versions = new TreeMap<>();

    /** Rows read by a snapshot: one version each. */
    synchronized void snapshot(long firstId, long lastId) {
        for (long id = firstId; id <= lastId; id++) {
            versions.put(id, 1);
        }
    }

    /** An insert, update or delete of the row. */
    synchronized void changed(long id) {
        versions.merge(id, 1, Integer::sum);
    }

    /** Sets the expectation for one row outright (a snapshot re-read collapses changes it did not see). */
    synchronized void expect(long id, int count) {
        versions.put(id, count);
    }

    synchronized int versionsOf(long id) {
        return versions.getOrDefault(id, 0);
    }

    synchronized int changes() {
        return versions.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized Map<Long, Integer> expectedVersions() {
        return new TreeMap<>(versions);
    }
}
