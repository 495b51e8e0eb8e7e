/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

/**
 * Typed assertions on the pool, read through its public reading API ({@link PoolView}): a test says what
 * the pool must hold — the department's residents, one version per change, nothing held — and never how
 * the pool stores it. Wrap one in {@code Patience.await().untilAsserted(...)} to wait for it.
 */
public final class PoolAssert extends AbstractAssert<PoolAssert, PoolView> {
    private PoolAssert(PoolView pool) {
        super(pool, PoolAssert.class);
    }

    public static PoolAssert assertPool(PoolView pool) {
        return new PoolAssert(pool);
    }

    public static PoolAssert assertPool(TestPool pool) {
        return new PoolAssert(pool.view());
    }

    /**
     * The golden {@code Person} records are exactly the department's residents, row by row: identity number,
     * name, gender, ethnicity, birth date and registered address as the route maps them. Rows whose identity
     * number is invalid are expected in quarantine, not here.
     */
    public PoolAssert equalsDepartment(ResidentsTable department) {
        return equalsDepartmentRows(department, null);
    }

    /** As {@link #equalsDepartment}, for the department's rows with these ids only (all when null). */
    public PoolAssert equalsDepartmentRows(ResidentsTable department, Set<Long> ids) {
        isNotNull();
        List<String> differences;
        try {
            differences = ResidentComparison.differences(ResidentComparison.department(department, ids), ResidentComparison.pool(actual));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + department.residentsTable() + ": " + e.getMessage(), e);
        }
        Assertions.assertThat(differences).as("the pool's Person records against %s", department.residentsTable()).isEmpty();
        return this;
    }

    /** History holds exactly these versions per source row id: one per change, none lost, none twice. */
    public PoolAssert hasVersionsPerRow(String sourceId, Map<Long, Integer> expected) {
        isNotNull();
        Assertions.assertThat(actual.versionsPerRow(sourceId)).as("history versions per row of %s", sourceId)
                .isEqualTo(new java.util.TreeMap<>(expected));
        return this;
    }

    /** The pool holds {@code count} golden records of {@code entity}. */
    public PoolAssert holdsGoldenRecords(String entity, long count) {
        isNotNull();
        Assertions.assertThat(actual.count(entity)).as("golden %s records", entity).isEqualTo(count);
        return this;
    }

    /** Nothing was quarantined, whatever its state. */
    public PoolAssert quarantinedNothing() {
        isNotNull();
        Assertions.assertThat(actual.quarantined(null)).as("quarantine entries").isEmpty();
        return this;
    }
}
