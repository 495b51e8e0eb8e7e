/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import static org.onceonly.source.preflight.Checklist.Outcome.fail;
import static org.onceonly.source.preflight.Checklist.Outcome.pass;
import static org.onceonly.source.preflight.Checklist.Outcome.skip;
import static org.onceonly.source.preflight.Checklist.Outcome.warn;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SqlIdentifier;
import org.onceonly.source.TableSpec;
import org.onceonly.source.poll.ColumnKind;
import org.onceonly.source.poll.PolledTable;
import org.onceonly.source.preflight.Checklist.Outcome;

/**
 * Preflight of a {@code jdbc-poll} source: the database answers the JDBC URL, the role logs in, and each
 * table answers the poll's own column list with usable key and watermark columns. Works for any driver;
 * the index check needs PostgreSQL's catalog and is skipped elsewhere.
 *
 * <p>Remedies write names unquoted, as the hub's own queries do, so that each database applies its case
 * rules (Oracle and DM fold them to upper case).
 */
final class JdbcPollPreflight implements PreflightCheck {
    // Oracle reports "table or view does not exist" also for a table the user may not read.
    private static final int ORACLE_NO_SUCH_TABLE = 942;

    /**
     * What probing a table found: the columns the role can read (label → kind, any case), every column
     * when {@code SELECT *} answered (else {@code null}), and the first error when nothing answered.
     */
    private record TableProbe(Map<String, ColumnKind> columns, List<String> allColumns, SQLException error) {
        boolean readable() {
            return error == null;
        }
    }

    private final SourceDefinition source;
    private final String role;
    private final Checklist list = new Checklist();
    private final Map<String, TableProbe> probes = new HashMap<>();

    JdbcPollPreflight(SourceDefinition source) {
        this.source = source;
        this.role = SqlIdentifier.isPlain(source.user()) ? source.user() : SqlIdentifier.quoted(source.user());
    }

    @Override
    public List<PreflightItem> run() {
        try (Connection connection = connect()) {
            for (TableSpec spec : source.tables()) {
                checkTable(connection, spec);
            }
        } catch (SQLException e) {
            // Only closing the connection can fail here; every item is already listed.
        }
        return list.items();
    }

    /** The URL without its settings, which say nothing about where the database is. */
    private String where() {
        String url = source.jdbcUrl();
        int settings = url.indexOf('?');
        return settings < 0 ? url : url.substring(0, settings);
    }

    private Connection connect() {
        String reachable = "reachable " + where();
        String credentials = "credentials for " + source.user();
        String password;
        try {
            password = source.password().resolve();
        } catch (IllegalStateException e) {
            list.add(reachable, skip("not checked: connecting needs the password", null));
            list.add(credentials, fail(e.getMessage(), source.password().howToProvide()));
            list.stopChecking("cannot log in");
            return null;
        }
        Properties properties = new Properties();
        properties.setProperty("user", source.user());
        properties.setProperty("password", password);
        try {
            Connection connection = DriverManager.getConnection(source.jdbcUrl(), properties);
            list.add(reachable, pass(null));
            list.add(credentials, pass(null));
            return connection;
        } catch (SQLException e) {
            Optional<Reachability.Failure> network = Reachability.classify(e);
            boolean noDriver = String.valueOf(e.getMessage()).startsWith("No suitable driver");
            if (noDriver) {
                list.add(reachable, fail("no JDBC driver on the class path accepts " + where(),
                        "put the database vendor's JDBC driver jar on the class path, as in\njava -cp \"target/onceonly.jar:target/lib/*:"
                                + "/opt/jdbc/driver.jar\" org.onceonly.cli.OnceOnly source check " + source.id()));
                list.stopChecking("no JDBC driver for the URL");
                list.notChecked(credentials);
            } else if (network.isPresent() || String.valueOf(e.getSQLState()).startsWith("08")) {
                list.add(reachable, fail(network.map(failure -> failure.describe(where())).orElse(e.getMessage()),
                        unreachableRemedy(network.orElse(Reachability.Failure.NETWORK))));
                list.stopChecking(where() + " is not reachable");
                list.notChecked(credentials);
            } else {
                list.add(reachable, pass("the database answered"));
                list.add(credentials, loginRefused(e));
                list.stopChecking("cannot log in");
            }
            return null;
        }
    }

    private static String unreachableRemedy(Reachability.Failure failure) {
        return switch (failure) {
            case DNS -> "check the host in jdbcUrl: in the connector file, or make it resolvable on the hub's machine (DNS or /etc/hosts)";
            case REFUSED -> "check the host and port in jdbcUrl:, and that the database listens there for remote connections "
                    + "(PostgreSQL, Kingbase: listen_addresses; Oracle, DM: the listener); open the port in any firewall between";
            case TIMEOUT, NETWORK -> "open the database's port from the hub's machine in the firewall, and check that the host is up";
        };
    }

    private Outcome loginRefused(SQLException e) {
        String remedy = "check user: and the password at " + source.password() + "; to set the password on the database:\n"
                + (source.jdbcUrl().startsWith("jdbc:postgresql:") || source.jdbcUrl().startsWith("jdbc:kingbase")
                ? "ALTER ROLE " + role + " WITH PASSWORD '<the password>';"
                : "ALTER USER " + role + " IDENTIFIED BY \"<the password>\";");
        return fail(e.getMessage(), String.valueOf(e.getSQLState()).startsWith("28") ? remedy : null);
    }

    private void checkTable(Connection connection, TableSpec spec) {
        String name = spec.name();
        list.check(spec.query() == null ? "SELECT on " + name : "query of " + name + " runs", () -> {
            TableProbe probe = probe(connection, spec);
            probes.put(name, probe);
            return probe.readable() ? pass(null) : unreadable(spec, probe.error());
        });
        TableProbe probe = probes.get(name);
        String skip = probe != null && probe.readable() ? null : name + " cannot be read";
        if (!spec.columns().isEmpty()) {
            list.check("columns of " + name, skip, () -> columns(spec, probe, spec.columns(), "columns"));
        }
        list.check("key (" + String.join(", ", spec.key()) + ") of " + name, skip, () -> {
            Outcome found = columns(spec, probe, spec.key(), "key");
            return found.passed() ? kinds(probe, spec.key(), ColumnKind::canBeKey, "key columns must be numbers, text, dates or timestamps")
                    : found;
        });
        Outcome watermark = list.check("watermark " + spec.watermark() + " of " + name, skip, () -> {
            Outcome found = columns(spec, probe, List.of(spec.watermark()), "watermark");
            return found.passed() ? kinds(probe, List.of(spec.watermark()), ColumnKind::canBeWatermark,
                    "a watermark must be a timestamp (with or without time zone), a date, a whole number or digit-only text")
                    : found;
        });
        if (spec.softDelete() != null) {
            list.check("soft-delete column " + spec.softDelete().column() + " of " + name, skip,
                    () -> columns(spec, probe, List.of(spec.softDelete().column()), "softDelete.column"));
        }
        String noWatermark = watermark.passed() ? null : skip != null ? skip : "the watermark is not usable";
        list.check("index on " + name + " (" + pollOrder(spec) + ")", noWatermark, () -> index(connection, spec));
    }

    /**
     * The poll's own column list, {@code WHERE 1 = 0}; failing that, {@code SELECT *} (to name what is
     * missing), and failing that each needed column alone (the role may hold column privileges only).
     */
    private static TableProbe probe(Connection connection, TableSpec spec) {
        String table = spec.from();
        Map<String, ColumnKind> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        SQLException first;
        try {
            List<String> labels = describe(connection, "SELECT " + PolledTable.selectList(spec) + " FROM " + table + " WHERE 1 = 0", columns);
            return new TableProbe(columns, spec.columns().isEmpty() ? labels : null, null);
        } catch (SQLException e) {
            first = e;
        }
        try {
            List<String> labels = describe(connection, "SELECT * FROM " + table + " WHERE 1 = 0", columns);
            return new TableProbe(columns, labels, null);
        } catch (SQLException e) {
            // no privilege on every column, or no table at all: try the needed columns one by one
        }
        for (String column : neededColumns(spec)) {
            try {
                describe(connection, "SELECT " + SqlIdentifier.require("column", column) + " FROM " + table + " WHERE 1 = 0", columns);
            } catch (SQLException e) {
                // this column is missing or not readable: its item says so
            }
        }
        return new TableProbe(columns, null, columns.isEmpty() ? first : null);
    }

    /** Runs a query that returns no rows and records its columns' labels and kinds. */
    private static List<String> describe(Connection connection, String sql, Map<String, ColumnKind> columns) throws SQLException {
        List<String> labels = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet empty = statement.executeQuery()) {
            ResultSetMetaData metadata = empty.getMetaData();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                labels.add(metadata.getColumnLabel(i));
                columns.put(metadata.getColumnLabel(i), ColumnKind.of(metadata, i));
            }
        }
        return labels;
    }

    private static Set<String> neededColumns(TableSpec spec) {
        Set<String> needed = new LinkedHashSet<>(spec.key());
        needed.add(spec.watermark());
        if (spec.softDelete() != null) {
            needed.add(spec.softDelete().column());
        }
        needed.addAll(spec.columns());
        return needed;
    }

    private Outcome unreadable(TableSpec spec, SQLException error) {
        if (spec.query() != null) {
            // The database's message names the table, view or column of the query it refused.
            return fail(spec.name() + "'s query fails: " + error.getMessage(), "check query: for " + spec.name()
                    + " in the connector file, and that " + source.user() + " may read every table and view it names "
                    + "(GRANT SELECT ON <table> TO " + role + ";)");
        }
        String state = String.valueOf(error.getSQLState());
        String message = String.valueOf(error.getMessage());
        String grant = "GRANT SELECT ON " + spec.name() + " TO " + role + ";";
        String checkName = "check the name under tables: in the connector file";
        if (state.equals("42501")) {
            // PostgreSQL says which object it refused: the schema or the table.
            boolean schema = message.toLowerCase(Locale.ROOT).contains("schema");
            return fail(source.user() + " may not read " + spec.name() + " (" + message + ")",
                    schema ? "GRANT USAGE ON SCHEMA " + spec.schema() + " TO " + role + ";\n" + grant : grant);
        }
        if (error.getErrorCode() == ORACLE_NO_SUCH_TABLE && source.jdbcUrl().startsWith("jdbc:oracle:")) {
            return fail(spec.name() + " does not exist, or " + source.user() + " may not read it (" + message + ")",
                    grant + "\n-- or " + checkName);
        }
        if (state.equals("42P01") || state.equals("42S02")) {
            return fail(spec.name() + " does not exist (" + message + ")", checkName);
        }
        return fail(message, grant + "\n-- or " + checkName);
    }

    /** Whether each of {@code names} is among the readable columns; {@code key} is the connector file's key for them. */
    private Outcome columns(TableSpec spec, TableProbe probe, List<String> names, String key) {
        List<String> missing = names.stream().filter(name -> !probe.columns().containsKey(name)).toList();
        if (missing.isEmpty()) {
            return pass(null);
        }
        String which = missing.size() == 1 ? "column " + missing.get(0) : "columns " + String.join(", ", missing);
        if (probe.allColumns() != null) {
            return fail(spec.name() + " has no " + which + "; it has " + probe.allColumns(),
                    "check " + key + ": for " + spec.name() + " in the connector file");
        }
        return fail(spec.name() + " has no " + which + ", or " + source.user() + " may not read " + (missing.size() == 1 ? "it" : "them"),
                "GRANT SELECT (" + String.join(", ", missing) + ") ON " + spec.name() + " TO " + role + ";\n-- or check "
                        + key + ": for " + spec.name() + " in the connector file");
    }

    private static Outcome kinds(TableProbe probe, List<String> names, Predicate<ColumnKind> usable, String rule) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            ColumnKind kind = probe.columns().get(name);
            String kindName = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            if (!usable.test(kind)) {
                return fail(name + " is " + kindName + "; " + rule, "declare another column in the connector file");
            }
            found.add(name + " " + kindName);
        }
        return pass(String.join(", ", found));
    }

    private static String pollOrder(TableSpec spec) {
        List<String> order = new ArrayList<>();
        order.add(spec.watermark());
        order.addAll(spec.key());
        return String.join(", ", order);
    }

    /** Without an index that starts with the watermark, every poll reads the whole table. */
    private static Outcome index(Connection connection, TableSpec spec) throws SQLException {
        if (spec.query() != null) {
            return skip("a query's plan is the department's: make sure an index on the table the watermark "
                    + spec.watermark() + " comes from starts with it", null);
        }
        String create = "CREATE INDEX " + spec.table() + "_onceonly_poll ON " + spec.name() + " (" + pollOrder(spec) + ");";
        if (!"PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
            return skip("checked on PostgreSQL only; make sure an index starts with " + spec.watermark(), create);
        }
        // to_regclass reads the name as unquoted SQL does, as the poll query itself names the table.
        String sql = "SELECT ic.relname, a.attname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                + "WHERE i.indrelid = to_regclass(CAST(? AS text)) AND i.indisvalid ORDER BY ic.relname";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, spec.name());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(2).equalsIgnoreCase(spec.watermark())) {
                        return pass(rows.getString(1));
                    }
                }
            }
        }
        return warn("no index on " + spec.name() + " starts with " + spec.watermark() + ": every poll reads the whole table", create);
    }
}
