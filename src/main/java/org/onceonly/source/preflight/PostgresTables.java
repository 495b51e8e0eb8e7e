/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import static org.onceonly.source.preflight.Checklist.Outcome.fail;
import static org.onceonly.source.preflight.Checklist.Outcome.pass;
import static org.onceonly.source.preflight.Checklist.Outcome.warn;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SqlIdentifier;
import org.onceonly.source.TableSpec;
import org.onceonly.source.preflight.Checklist.Outcome;

/**
 * The per-table items of a {@code postgres} preflight: USAGE on each schema, then for each table that it
 * exists, that the role may read it, its primary key and its replica identity. Tables are looked up in the
 * catalog by name as bind parameters; remedies name them as the catalog spells them, quoted.
 */
final class PostgresTables {
    /** A table as the catalog has it, with what the connected role may do with it. */
    record PgTable(long oid, String schema, String name, String relkind, String replicaIdentity,
                   boolean canSelect, boolean owned) {
        String quotedName() {
            return SqlIdentifier.quoted(schema, name);
        }

        boolean isTable() {
            return relkind.equals("r") || relkind.equals("p");
        }
    }

    private static final int MOST_SIMILAR = 3;

    private final SourceDefinition source;
    private final Checklist list;
    private final String role;

    PostgresTables(SourceDefinition source, Checklist list) {
        this.source = source;
        this.list = list;
        this.role = SqlIdentifier.quoted(source.user());
    }

    /** Lists the items; returns the registered tables that exist (and are tables), by registered name. */
    Map<String, PgTable> check(Connection connection) {
        Set<String> schemas = new LinkedHashSet<>();
        source.tables().forEach(table -> schemas.add(table.schema()));
        for (String schema : schemas) {
            list.check("USAGE on schema " + schema, () -> schemaUsage(connection, schema));
        }
        Map<String, PgTable> found = new LinkedHashMap<>();
        for (TableSpec spec : source.tables()) {
            String name = spec.name();
            Outcome exists = list.check("table " + name + " exists", () -> {
                Optional<PgTable> table = find(connection, spec);
                if (table.isEmpty()) {
                    return missing(connection, spec);
                }
                if (!table.get().isTable()) {
                    return fail(name + " is " + relationKind(table.get().relkind()) + "; logical replication captures tables only",
                            "register the table(s) it reads instead, or poll it with kind: jdbc-poll");
                }
                found.put(name, table.get());
                return pass(null);
            });
            PgTable table = found.get(name);
            String skip = table != null ? null : exists.failed() ? name + " is not a table that exists" : name + " was not found";
            list.check("SELECT on " + name, skip, () -> table.canSelect() ? pass(null)
                    : fail(source.user() + " may not read " + name, "GRANT SELECT ON " + table.quotedName() + " TO " + role + ";"));
            list.check("primary key on " + name, skip, () -> primaryKey(connection, spec, table));
            list.check("REPLICA IDENTITY FULL on " + name, skip, () -> replicaIdentity(table));
        }
        return found;
    }

    private Outcome schemaUsage(Connection connection, String schema) throws SQLException {
        String sql = "SELECT n.nspname, has_schema_privilege(n.oid, 'USAGE') FROM pg_namespace n "
                + "WHERE n.nspname IN (?, ?) ORDER BY n.nspname = ? DESC LIMIT 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, folded(schema));
            statement.setString(3, schema);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return fail("schema " + schema + " does not exist in database " + source.database(),
                            "check the schema part of the names under tables: in the connector file");
                }
                return row.getBoolean(2) ? pass(null) : fail(source.user() + " may not use schema " + schema,
                        "GRANT USAGE ON SCHEMA " + SqlIdentifier.quoted(row.getString(1)) + " TO " + role + ";");
            }
        }
    }

    /**
     * The table as written, else as PostgreSQL folds an unquoted name (lower case), which is how the DBA's
     * own SQL would have found it.
     */
    private static Optional<PgTable> find(Connection connection, TableSpec spec) throws SQLException {
        Optional<PgTable> exact = find(connection, spec.schema(), spec.table());
        return exact.isPresent() ? exact : find(connection, folded(spec.schema()), folded(spec.table()));
    }

    private static Optional<PgTable> find(Connection connection, String schema, String table) throws SQLException {
        String sql = """
                SELECT c.oid, n.nspname, c.relname, c.relkind, c.relreplident,
                       has_table_privilege(c.oid, 'SELECT'), pg_has_role(c.relowner, 'USAGE')
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PgTable(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getBoolean(6), row.getBoolean(7)));
            }
        }
    }

    private Outcome missing(Connection connection, TableSpec spec) throws SQLException {
        List<String> similar = similarNames(connection, spec);
        String hint = similar.isEmpty() ? "" : "; similar: " + String.join(", ", similar);
        return fail("no table " + spec.name() + " in database " + source.database() + hint,
                "check the name under tables: in the connector file" + hint);
    }

    /** Tables in the same schema, or of the same name in another schema, closest in spelling first. */
    private static List<String> similarNames(Connection connection, TableSpec spec) throws SQLException {
        String sql = """
                SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND (lower(n.nspname) = lower(?) OR lower(c.relname) = lower(?))
                LIMIT 1000""";
        List<String> candidates = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, spec.schema());
            statement.setString(2, spec.table());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    candidates.add(rows.getString(1));
                }
            }
        }
        String wanted = folded(spec.name());
        int tolerance = Math.max(2, wanted.length() / 4);
        return candidates.stream()
                .filter(name -> editDistance(wanted, folded(name)) <= tolerance
                        || folded(name).endsWith("." + folded(spec.table())))
                .sorted(Comparator.comparingInt(name -> editDistance(wanted, folded(name))))
                .limit(MOST_SIMILAR)
                .toList();
    }

    private Outcome primaryKey(Connection connection, TableSpec spec, PgTable table) throws SQLException {
        List<String> key = indexColumns(connection, table, "i.indisprimary");
        if (!key.isEmpty()) {
            return pass("(" + String.join(", ", key) + ")");
        }
        String declared = declaredKeyColumns(spec);
        if (declared != null) {
            return pass("none; the key is taken from options message.key.columns (" + declared + ")");
        }
        // A unique index on NOT NULL columns is the key the DBA most likely means.
        List<String> unique = indexColumns(connection, table, """
                i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
                AND NOT EXISTS (SELECT 1 FROM pg_attribute n WHERE n.attrelid = i.indrelid
                                AND n.attnum = ANY (i.indkey) AND NOT n.attnotnull)""");
        String columns = unique.isEmpty() ? "<key columns>"
                : unique.stream().map(SqlIdentifier::quoted).collect(Collectors.joining(", "));
        return fail(spec.name() + " has no primary key: its changes would carry no key (and, once published, "
                        + "UPDATE and DELETE on it fail unless its replica identity is FULL)",
                "ALTER TABLE " + table.quotedName() + " ADD PRIMARY KEY (" + columns + ");"
                        + (unique.isEmpty() ? "" : "  -- these NOT NULL columns already have a unique index")
                        + "\n-- or name a unique key in the connector file, under options:"
                        + "\n--   message.key.columns: " + spec.name() + ":" + (unique.isEmpty() ? "<column>,<column>" : String.join(",", unique)));
    }

    /**
     * The columns, in index order, of the first index of {@code table} matching {@code condition} (our own
     * SQL text, no input), fewest columns first.
     */
    private static List<String> indexColumns(Connection connection, PgTable table, String condition) throws SQLException {
        String sql = "SELECT ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, position) "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.position) "
                + "FROM pg_index i WHERE i.indrelid = ?::oid AND " + condition
                + " ORDER BY array_length(i.indkey::int2[], 1) LIMIT 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, table.oid());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return List.of();
                }
                Array columns = row.getArray(1);
                return List.of((String[]) columns.getArray());
            }
        }
    }

    /** Debezium's {@code message.key.columns} ({@code schema.table:col,col;...}) entry for this table, if any. */
    private String declaredKeyColumns(TableSpec spec) {
        String option = source.options().get("message.key.columns");
        if (option == null) {
            return null;
        }
        for (String entry : option.split(";")) {
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.substring(0, colon).strip().equalsIgnoreCase(spec.name())) {
                return entry.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static Outcome replicaIdentity(PgTable table) {
        String remedy = "ALTER TABLE " + table.quotedName() + " REPLICA IDENTITY FULL;";
        return switch (table.replicaIdentity()) {
            case "f" -> pass(null);
            case "n" -> fail("REPLICA IDENTITY NOTHING: once the table is published, UPDATE and DELETE on it fail "
                    + "in the department's own applications", remedy);
            case "i" -> warn("REPLICA IDENTITY USING INDEX: updates and deletes carry only that index's columns "
                    + "as the previous values", remedy);
            default -> warn("REPLICA IDENTITY DEFAULT: updates and deletes carry only the primary key as the "
                    + "previous values (recommended: FULL)", remedy);
        };
    }

    private static String relationKind(String relkind) {
        return switch (relkind) {
            case "v" -> "a view";
            case "m" -> "a materialized view";
            case "f" -> "a foreign table";
            default -> "not a table (" + relkind + ")";
        };
    }

    /** How PostgreSQL folds an unquoted identifier. */
    private static String folded(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance: the fewest single-character edits from one to the other. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
