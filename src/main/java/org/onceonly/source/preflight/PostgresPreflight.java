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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SqlIdentifier;
import org.onceonly.source.debezium.DebeziumProperties;
import org.onceonly.source.debezium.PostgresHeartbeat;
import org.onceonly.source.preflight.Checklist.Outcome;
import org.onceonly.source.preflight.PostgresTables.PgTable;

/**
 * Preflight of a {@code postgres} source: what Debezium's PostgreSQL connector will need, checked as the
 * source's own role over an ordinary connection. The slot and publication names are the ones the hub
 * gives Debezium (see {@link DebeziumProperties}), including an override in {@code options}.
 */
final class PostgresPreflight implements PreflightCheck {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int PGOUTPUT_SINCE = 100000;
    private static final int WAL_STATUS_SINCE = 130000;

    private final SourceDefinition source;
    private final String role;
    private final String slot;
    private final String publication;
    private final Checklist list = new Checklist();
    private int serverVersion;
    private boolean superuser;

    PostgresPreflight(SourceDefinition source) {
        this.source = source;
        this.role = SqlIdentifier.quoted(source.user());
        this.slot = source.options().getOrDefault("slot.name", source.objectName());
        this.publication = source.options().getOrDefault("publication.name", source.objectName());
    }

    @Override
    public List<PreflightItem> run() {
        String address = source.host() + ":" + source.port();
        Reachability reach = Reachability.probe(source.host(), source.port(), CONNECT_TIMEOUT);
        list.add("reachable " + address, reach.reached() ? pass(null) : unreachable(reach.failure(), address));
        if (!reach.reached()) {
            list.stopChecking(address + " is not reachable");
        }
        try (Connection connection = logIn(reach.localAddress())) {
            checkServer(connection);
            list.check("REPLICATION for " + source.user(), () -> replicationRole(connection));
            Map<String, PgTable> tables = new PostgresTables(source, list).check(connection);
            list.check("publication " + publication, tables.isEmpty() ? "none of the registered tables was found" : null,
                    () -> new PostgresPublication(source, publication, superuser).check(connection, List.copyOf(tables.values())));
            list.check("replication slot " + slot, () -> replicationSlot(connection));
            list.check("EXECUTE on pg_logical_emit_message for " + source.user(), () -> heartbeat(connection));
        } catch (SQLException e) {
            // Only closing the connection can fail here; every item is already listed.
        }
        return list.items();
    }

    private Outcome unreachable(Reachability.Failure failure, String address) {
        String port = Integer.toString(source.port());
        String remedy = switch (failure) {
            case DNS -> "check host: in the connector file, or make the name resolvable on the hub's machine (DNS or /etc/hosts)";
            case REFUSED -> "check host: and port: in the connector file; on the database server, in postgresql.conf:\n"
                    + "listen_addresses = '*'   -- or a list that includes the address the hub connects to\n"
                    + "port = " + port + "\n"
                    + "-- then restart PostgreSQL, allow the hub in pg_hba.conf, and open port " + port + " in any firewall between";
            case TIMEOUT, NETWORK -> "open port " + port + " from the hub's machine to " + source.host() + " in the firewall, "
                    + "and check that the server is up\n-- and that listen_addresses in postgresql.conf includes the address "
                    + "the hub connects to (restart needed)";
        };
        return fail(failure.describe(address), remedy);
    }

    /** A connection as the source's role, or {@code null} (the item says why) when there is none. */
    private Connection logIn(String hubAddress) {
        String name = "credentials for " + source.user();
        if (list.stopped()) {
            list.notChecked(name);
            return null;
        }
        String password;
        try {
            password = source.password().resolve();
        } catch (IllegalStateException e) {
            list.add(name, fail(e.getMessage(), source.password().howToProvide()));
            list.stopChecking("cannot log in");
            return null;
        }
        Properties properties = new Properties();
        properties.setProperty("user", source.user());
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("loginTimeout", Long.toString(2 * CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("ApplicationName", "onceonly preflight");
        try {
            Connection connection = DriverManager.getConnection(source.jdbcUrl(), properties);
            list.add(name, pass(null));
            return connection;
        } catch (SQLException e) {
            list.add(name, loginRefused(e, hubAddress));
            list.stopChecking("cannot log in");
            return null;
        }
    }

    /** Told apart by SQLSTATE, since the server's messages may be in the server's language. */
    private Outcome loginRefused(SQLException e, String hubAddress) {
        String state = String.valueOf(e.getSQLState());
        String message = String.valueOf(e.getMessage());
        String database = SqlIdentifier.quoted(source.database());
        String setPassword = "ALTER ROLE " + role + " WITH PASSWORD '<the password at " + source.password() + ">';";
        String hbaLine = "host    " + database + "    " + role + "    "
                + (hubAddress == null ? "<hub address>/32" : hubAddress + (hubAddress.contains(":") ? "/128" : "/32"))
                + "    scram-sha-256";
        if (state.equals("28P01")) {
            return fail("password authentication failed for " + source.user(),
                    setPassword + "  -- as a superuser\n-- or put the role's current password at " + source.password());
        }
        if (state.equals("28000") && message.contains("pg_hba.conf")) {
            return fail("the server's pg_hba.conf does not let " + source.user() + " connect to " + source.database()
                    + " from " + (hubAddress == null ? "the hub" : hubAddress),
                    "add to pg_hba.conf:  " + hbaLine + "\nSELECT pg_reload_conf();");
        }
        if (state.equals("28000") && message.contains("not permitted to log in")) {
            return fail(source.user() + " may not log in", "ALTER ROLE " + role + " WITH LOGIN;");
        }
        if (state.equals("28000")) {
            return fail(message, "CREATE ROLE " + role + " WITH LOGIN REPLICATION PASSWORD '<the password at "
                    + source.password() + ">';  -- if the role does not exist\n-- or, in pg_hba.conf:  " + hbaLine);
        }
        if (state.equals("3D000")) {
            return fail("database " + source.database() + " does not exist on " + source.host() + ":" + source.port(),
                    "check database: in the connector file");
        }
        if (state.startsWith("28")) {
            return fail(message, setPassword + "\n-- or, in pg_hba.conf:  " + hbaLine);
        }
        return fail(message, null);
    }

    private void checkServer(Connection connection) {
        Outcome version = list.check("server version", () -> {
            serverVersion = Integer.parseInt(setting(connection, "server_version_num"));
            String found = "PostgreSQL " + setting(connection, "server_version");
            return serverVersion >= PGOUTPUT_SINCE ? pass(found)
                    : fail(found + "; logical decoding with pgoutput needs PostgreSQL 10 or newer",
                    "upgrade the server to PostgreSQL 10 or newer");
        });
        if (version.failed()) {
            list.stopChecking("the server is older than PostgreSQL 10");
        }
        list.check("wal_level = logical", () -> {
            String level = setting(connection, "wal_level");
            return level.equals("logical") ? pass(null) : fail("wal_level is " + level + "; logical decoding needs logical",
                    "ALTER SYSTEM SET wal_level = logical;\n-- then restart PostgreSQL: wal_level takes effect only at "
                            + "server start (a reload is not enough)");
        });
        list.check("max_replication_slots has a free slot", () -> freeSlot(connection));
        list.check("max_wal_senders has a free sender", () -> freeSender(connection));
    }

    private Outcome freeSlot(Connection connection) throws SQLException {
        int max = Integer.parseInt(setting(connection, "max_replication_slots"));
        String sql = "SELECT count(*), count(*) FILTER (WHERE slot_name = ?), min(slot_name) FILTER (WHERE NOT active) "
                + "FROM pg_replication_slots";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, slot);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                int used = row.getInt(1);
                boolean ours = row.getInt(2) > 0;
                String inactive = row.getString(3);
                String counts = used + " of " + max + " in use";
                if (ours || used < max) {
                    return pass(counts + (ours ? ", " + slot + " among them" : ""));
                }
                return fail(counts + "; the hub needs one more for " + slot,
                        "ALTER SYSTEM SET max_replication_slots = " + (max + 1) + ";\n-- then restart PostgreSQL"
                                + (inactive == null ? "" : "\n-- or drop a slot nobody reads any more, such as: "
                                + "SELECT pg_drop_replication_slot(" + literal(inactive) + ");"));
            }
        }
    }

    private Outcome freeSender(Connection connection) throws SQLException {
        int max = Integer.parseInt(setting(connection, "max_wal_senders"));
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_replication");
             ResultSet row = statement.executeQuery()) {
            row.next();
            int used = row.getInt(1);
            String counts = used + " of " + max + " in use";
            return used < max ? pass(counts) : fail(counts + "; the hub needs one for its replication connection",
                    "ALTER SYSTEM SET max_wal_senders = " + (max + 1) + ";\n-- then restart PostgreSQL");
        }
    }

    private Outcome replicationRole(Connection connection) throws SQLException {
        // rds_replication is how Amazon RDS grants replication to roles that cannot have the attribute.
        String sql = "SELECT r.rolsuper, r.rolreplication, EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'rds_replication' "
                + "AND pg_has_role(r.oid, g.oid, 'MEMBER')) FROM pg_roles r WHERE r.rolname = current_user";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            row.next();
            superuser = row.getBoolean(1);
            if (superuser) {
                return pass("superuser");
            }
            if (row.getBoolean(2)) {
                return pass(null);
            }
            if (row.getBoolean(3)) {
                return pass("member of rds_replication");
            }
            return fail(source.user() + " has neither REPLICATION nor superuser, so it cannot open a replication connection",
                    "ALTER ROLE " + role + " WITH REPLICATION;");
        }
    }

    private Outcome replicationSlot(Connection connection) throws SQLException {
        // Our own SQL text: wal_status exists from PostgreSQL 13; a standby has no current WAL position.
        String sql = "SELECT plugin, database, active, active_pid, " + (serverVersion >= WAL_STATUS_SINCE ? "wal_status" : "NULL")
                + ", pg_size_pretty(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
                + "ELSE pg_current_wal_lsn() END, restart_lsn)) FROM pg_replication_slots WHERE slot_name = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, slot);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return pass("absent: the hub creates it when the source first starts");
                }
                String drop = "SELECT pg_drop_replication_slot(" + literal(slot) + ");";
                String plugin = row.getString(1);
                if (!"pgoutput".equals(plugin)) {
                    return fail(slot + " is " + (plugin == null ? "a physical slot" : "a slot for plugin " + plugin)
                            + "; the hub reads it with pgoutput", drop + "  -- if nothing else reads it; the hub then creates "
                            + "it again and the source snapshots again");
                }
                if (!source.database().equals(row.getString(2))) {
                    return fail(slot + " belongs to database " + row.getString(2) + ", not " + source.database(),
                            drop + "  -- if its consumer is gone; otherwise give this source another id");
                }
                if ("lost".equals(row.getString(5))) {
                    return fail(slot + " has lost WAL it needed (wal_status lost): the source cannot resume from it",
                            drop + "\n-- then start the source with snapshot: when-needed or initial, to take a new snapshot");
                }
                if (row.getBoolean(3)) {
                    int pid = row.getInt(4);
                    return warn(slot + " is in use by another consumer (process " + pid + "); the hub cannot read it at the same time",
                            "stop the other consumer; to see it: SELECT * FROM pg_stat_replication WHERE pid = " + pid + ";\n"
                                    + "-- a hub that died may hold it for a while: SELECT pg_terminate_backend(" + pid + ");");
                }
                return pass("exists, inactive, retaining " + row.getString(6) + " of WAL; the hub resumes from it");
            }
        }
    }

    /** Not required: without it the source works, but the slot of a quiet database keeps other databases' WAL. */
    private Outcome heartbeat(Connection connection) throws SQLException {
        PostgresHeartbeat.Privilege privilege = PostgresHeartbeat.privilege(connection);
        if (privilege.granted()) {
            return pass("the hub's heartbeat keeps the slot moving while " + source.database() + " is quiet");
        }
        return warn(source.user() + " may not write the hub's heartbeat (a logical-decoding message): capture works, but while "
                        + source.database() + " is quiet its slot retains the WAL other databases of the server write "
                        + "(the source's status shows it against watch.walWarningMb)",
                privilege.grant(role));
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?)")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** A string literal for SQL shown to the DBA, inner quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
