/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Looks at a MariaDB or MySQL source from the outside, with the source's own credentials: is the hub's
 * replica connection (a {@code Binlog Dump} thread of the capture account) there? An account sees its own
 * threads without the PROCESS privilege, so this needs no grant beyond the ones the capture has.
 */
final class BinlogProbe {
    private final SourceDefinition source;

    BinlogProbe(SourceDefinition source) {
        this.source = source;
    }

    /** True when the server is serving the binlog to a connection of the capture account. */
    boolean replicaConnected() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", source.user());
        properties.setProperty("password", source.password().resolve());
        properties.setProperty("connectTimeout", "5000");
        try (Connection connection = DriverManager.getConnection(source.jdbcUrl(), properties);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%' AND USER = ?")) {
            select.setString(1, source.user());
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getLong(1) > 0;
            }
        }
    }
}
