/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.onceonly.source.SourceDefinition;

/**
 * The heartbeat a PostgreSQL source writes into its own database so that its replication slot advances
 * while its tables are quiet. A slot is confirmed only up to the last change of its own database the
 * connector has seen; when other databases of the same server write and this one does not, the slot keeps
 * every WAL segment since its last change. A transactional logical-decoding message is the smallest write
 * that reaches this slot: it needs no table, no grant beyond {@code EXECUTE} on the function (PUBLIC has
 * it unless the DBA revoked it), and Debezium is told to drop it ({@code message.prefix.exclude.list}).
 */
public final class PostgresHeartbeat {
    /** The prefix of the heartbeat's logical-decoding messages. */
    public static final String PREFIX = "onceonly-heartbeat";
    /** Debezium's {@code heartbeat.action.query}: run every {@code heartbeat.interval.ms}, in its own transaction. */
    public static final String QUERY = "SELECT pg_logical_emit_message(true, '" + PREFIX + "', now()::text)";

    /**
     * The three-argument form (PostgreSQL 17 added a fourth with a default): whether the current role may
     * execute it, and its exact signature for a GRANT.
     */
    private static final String PRIVILEGE = "SELECT has_function_privilege(p.oid, 'EXECUTE'), p.oid::regprocedure::text "
            + "FROM pg_proc p WHERE p.proname = 'pg_logical_emit_message' AND p.pronamespace = 'pg_catalog'::regnamespace "
            + "AND p.proargtypes[2] = 'text'::regtype";

    private PostgresHeartbeat() {}

    /** What the role may do, and the statement that lets it when it may not. */
    public record Privilege(boolean granted, String signature) {
        /** The DBA's remedy: the grant the heartbeat needs. */
        public String grant(String quotedRole) {
            return "GRANT EXECUTE ON FUNCTION " + signature + " TO " + quotedRole + ";";
        }
    }

    /** The current role's privilege over an open connection to the source's database. */
    public static Privilege privilege(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(PRIVILEGE); ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return new Privilege(false, "pg_logical_emit_message(boolean, text, text)");
            }
            return new Privilege(row.getBoolean(1), row.getString(2));
        }
    }

    /**
     * Whether the source's role may write the heartbeat, asked as that role. When the database cannot be
     * asked (it is not up yet), the answer is yes: PUBLIC may by default, and a refused heartbeat costs only
     * an error line per beat, which the preflight explains.
     */
    static boolean permitted(SourceDefinition source) {
        try {
            Properties properties = new Properties();
            properties.setProperty("user", source.user());
            properties.setProperty("password", source.password().resolve());
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("ApplicationName", "onceonly-heartbeat-check");
            try (Connection connection = DriverManager.getConnection(source.jdbcUrl(), properties)) {
                return privilege(connection).granted();
            }
        } catch (SQLException | RuntimeException unknown) {
            return true;
        }
    }
}
