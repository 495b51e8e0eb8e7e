/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A department table of residents in the household register's shape ({@code id, sfzh, xm, xb, mz, csrq,
 * hjdz}), wherever it lives: what {@link PoolAssert#equalsDepartment} compares the pool with.
 */
public interface ResidentsTable {
    /** How to read the table. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    Connection connect() throws SQLException;

    /** {@code schema.table} (PostgreSQL) or {@code database.table} (MariaDB, MySQL). */
    String residentsTable();

    static ResidentsTable of(Connector connector, String table) {
        return new ResidentsTable() {
            @Override
            public Connection connect() throws SQLException {
                return connector.connect();
            }

            @Override
            public String residentsTable() {
                return table;
            }
        };
    }
}
