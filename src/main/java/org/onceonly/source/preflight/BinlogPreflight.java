/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import static org.onceonly.source.preflight.Checklist.Outcome.fail;
import static org.onceonly.source.preflight.Checklist.Outcome.pass;
import static org.onceonly.source.preflight.Checklist.Outcome.warn;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceKind;
import org.onceonly.source.TableSpec;
import org.onceonly.source.debezium.DebeziumProperties;
import org.onceonly.source.preflight.Checklist.Outcome;

/**
 * Preflight of a {@code mariadb} or {@code mysql} source: what Debezium's binlog connectors need, checked as
 * the capture user: the binary log on, in ROW format with FULL row images, a server id other than the
 * hub's replica id, the RELOAD / REPLICATION SLAVE / REPLICATION CLIENT privileges, and SELECT on every
 * registered table, each with a primary key (or a key declared in {@code message.key.columns}).
 */
final class BinlogPreflight implements PreflightCheck {
    private final SourceDefinition source;
    private final String account;
    private final Checklist list = new Checklist();

    BinlogPreflight(SourceDefinition source) {
        this.source = source;
        this.account = "'" + source.user().replace("'", "''") + "'@'%'";
    }

    @Override
    public List<PreflightItem> run() {
        String address = source.host() + ":" + source.port();
        Reachability reach = Reachability.probe(source.host(), source.port(), PostgresPreflight.CONNECT_TIMEOUT);
        list.add("reachable " + address, reach.reached() ? pass(null) : fail(reach.failure().describe(address),
                "check host: and port: in the connector file; on the server, bind-address in my.cnf must include the "
                        + "address the hub connects to, and port " + source.port() + " must be open from the hub's machine"));
        if (!reach.reached()) {
            list.stopChecking(address + " is not reachable");
        }
        try (Connection connection = logIn()) {
            list.check("server version", () -> version(connection));
            list.check("log_bin = ON", () -> variable(connection, "log_bin", "ON",
                    "in my.cnf, [mysqld]:  log_bin = mysql-bin\n-- then restart the server (log_bin cannot be set at run time)"));
            list.check("binlog_format = ROW", () -> variable(connection, "binlog_format", "ROW",
                    "SET GLOBAL binlog_format = 'ROW';\n-- and in my.cnf, [mysqld]:  binlog_format = ROW  (so that it survives a restart)"));
            list.check("binlog_row_image = FULL", () -> variable(connection, "binlog_row_image", "FULL",
                    "SET GLOBAL binlog_row_image = 'FULL';\n-- and in my.cnf, [mysqld]:  binlog_row_image = FULL"));
            list.check("server_id differs from the hub's replica id", () -> serverId(connection));
            list.check("RELOAD, REPLICATION SLAVE, REPLICATION CLIENT for " + source.user(), () -> replicationGrants(connection));
            for (TableSpec table : source.tables()) {
                list.check("SELECT on " + table.name(), () -> readable(connection, table));
                list.check("primary key of " + table.name(), () -> primaryKey(connection, table));
            }
        } catch (SQLException e) {
            // Only closing the connection can fail here; every item is already listed.
        }
        return list.items();
    }

    private Connection logIn() {
        String name = "credentials for " + source.user();
        if (list.stopped()) {
            list.notChecked(name);
            return null;
        }
        try {
            Properties properties = new Properties();
            properties.setProperty("user", source.user());
            properties.setProperty("password", source.password().resolve());
            properties.setProperty("connectTimeout", Long.toString(PostgresPreflight.CONNECT_TIMEOUT.toMillis()));
            Connection connection = DriverManager.getConnection(source.jdbcUrl(), properties);
            list.add(name, pass(null));
            return connection;
        } catch (IllegalStateException e) {
            list.add(name, fail(e.getMessage(), source.password().howToProvide()));
        } catch (SQLException e) {
            list.add(name, loginRefused(e));
        }
        list.stopChecking("cannot log in");
        return null;
    }

    /** Told apart by vendor error code, since server messages may be localised. */
    private Outcome loginRefused(SQLException e) {
        String create = "CREATE USER " + account + " IDENTIFIED BY '<the password at " + source.password() + ">';";
        return switch (e.getErrorCode()) {
            case 1045 -> fail("access denied for " + source.user() + " (wrong password, or no such user for the hub's address)",
                    create + "  -- if the user does not exist\n-- or: ALTER USER " + account + " IDENTIFIED BY '<the password at "
                            + source.password() + ">';");
            case 1049 -> fail("database " + source.database() + " does not exist", "check database: in the connector file");
            case 1044 -> fail(source.user() + " may not use database " + source.database(),
                    "GRANT SELECT ON `" + source.database() + "`.* TO " + account + ";  -- or per table, see below");
            default -> fail(String.valueOf(e.getMessage()).lines().findFirst().orElse(""), null);
        };
    }

    private Outcome version(Connection connection) throws SQLException {
        String version = single(connection, "SELECT VERSION()");
        boolean mariadb = version.toLowerCase(Locale.ROOT).contains("mariadb");
        int[] numbers = numbers(version);
        if (source.kind() == SourceKind.MARIADB && !mariadb) {
            return fail("the server is MySQL " + version + ", not MariaDB", "register it with kind: mysql");
        }
        if (source.kind() == SourceKind.MYSQL && mariadb) {
            return fail("the server is " + version, "register it with kind: mariadb (Debezium's MySQL connector misbehaves on MariaDB)");
        }
        boolean supported = mariadb ? atLeast(numbers, 10, 6) : atLeast(numbers, 8, 0);
        return supported ? pass(version)
                : warn(version + " is older than Debezium 3.5 is tested with (MariaDB 10.6+, MySQL 8.0+)", "upgrade the server");
    }

    private static Outcome variable(Connection connection, String name, String wanted, String remedy) throws SQLException {
        String value = showVariable(connection, name);
        return wanted.equalsIgnoreCase(value) ? pass(null) : fail(name + " is " + (value == null ? "not set" : value), remedy);
    }

    private Outcome serverId(Connection connection) throws SQLException {
        long hubId = Long.parseLong(source.options().getOrDefault("database.server.id",
                Long.toString(DebeziumProperties.serverId(source.id()))));
        String value = showVariable(connection, "server_id");
        if (value == null || Long.parseLong(value) != hubId) {
            return pass("server " + value + ", hub replica " + hubId);
        }
        return fail("the server's server_id is " + value + ", the same as the hub's replica id",
                "set options.database.server.id in the connector file to another number (1..4294967295)");
    }

    private Outcome replicationGrants(Connection connection) throws SQLException {
        List<String> grants = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
            while (rows.next()) {
                grants.add(rows.getString(1).toUpperCase(Locale.ROOT));
            }
        }
        String global = grants.stream().filter(g -> g.contains(" ON *.* ")).reduce("", String::concat);
        boolean all = global.contains("ALL PRIVILEGES");
        List<String> missing = new ArrayList<>();
        if (!all && !global.contains("RELOAD")) {
            missing.add("RELOAD");
        }
        if (!all && !global.contains("REPLICATION SLAVE") && !global.contains("REPLICATION REPLICA")) {
            missing.add("REPLICATION SLAVE");
        }
        // MariaDB 10.5+ shows REPLICATION CLIENT as BINLOG MONITOR.
        if (!all && !global.contains("REPLICATION CLIENT") && !global.contains("BINLOG MONITOR")) {
            missing.add("REPLICATION CLIENT");
        }
        return missing.isEmpty() ? pass(null) : fail(source.user() + " lacks " + String.join(", ", missing),
                "GRANT " + String.join(", ", missing) + " ON *.* TO " + account + ";");
    }

    private Outcome readable(Connection connection, TableSpec table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT * FROM " + quoted(table) + " WHERE 1 = 0").close();
            return pass(null);
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return fail(table.name() + " does not exist", "check the table name in the connector file");
            }
            if (e.getErrorCode() == 1142 || e.getErrorCode() == 1143) {
                return fail(source.user() + " may not read " + table.name(), "GRANT SELECT ON " + quoted(table) + " TO " + account + ";");
            }
            throw e;
        }
    }

    private Outcome primaryKey(Connection connection, TableSpec table) throws SQLException {
        if (source.options().getOrDefault("message.key.columns", "").contains(table.name() + ":")) {
            return pass("key declared in message.key.columns");
        }
        // SHOW KEYS needs only a privilege on the table; information_schema may hide constraints from the user.
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW KEYS FROM " + quoted(table) + " WHERE Key_name = 'PRIMARY'")) {
            return row.next() ? pass(null) : fail(table.name() + " has no primary key",
                    "ALTER TABLE " + quoted(table) + " ADD PRIMARY KEY (<key columns>);\n"
                            + "-- or declare one: options.message.key.columns: \"" + table.name() + ":<col>[,<col>]\"");
        }
    }

    private static String quoted(TableSpec table) {
        return "`" + table.schema().replace("`", "``") + "`.`" + table.table().replace("`", "``") + "`";
    }

    private static String showVariable(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SHOW GLOBAL VARIABLES LIKE ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(2) : null;
            }
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private static int[] numbers(String version) {
        String[] parts = version.split("[^0-9]+", 3);
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        } catch (NumberFormatException e) {
            return new int[] {0, 0};
        }
    }

    private static boolean atLeast(int[] version, int major, int minor) {
        return version[0] > major || (version[0] == major && version[1] >= minor);
    }
}
