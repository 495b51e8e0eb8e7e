/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Held quarantine entries by source and first reason, for the sources' status and the metrics: the two
 * things an operator looks at while the pool database is down, so they must still answer then. A read
 * that fails within the status data source's short timeouts gives the last counts read, marked as such.
 */
public final class HeldCounts {
    /** Counts as of {@code asOf}; {@code current} false when the pool could not be read just now. */
    public record Reading(List<Quarantine.Count> counts, Instant asOf, boolean current) {}

    private final DataSource dataSource;
    private volatile Reading last = new Reading(List.of(), null, false);

    /** {@code dataSource} should give up quickly: {@link PoolDatabase#statusDataSource()}. */
    public HeldCounts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Reading read() {
        try (Connection connection = dataSource.getConnection()) {
            Reading reading = new Reading(List.copyOf(Quarantine.heldCounts(connection)), Instant.now(), true);
            last = reading;
            return reading;
        } catch (SQLException | RuntimeException e) {
            Reading previous = last;
            return new Reading(previous.counts(), previous.asOf(), false);
        }
    }
}
