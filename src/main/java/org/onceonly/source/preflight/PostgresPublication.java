/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.preflight;

import static org.onceonly.source.preflight.Checklist.Outcome.fail;
import static org.onceonly.source.preflight.Checklist.Outcome.pass;
import static org.onceonly.source.preflight.Checklist.Outcome.warn;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SqlIdentifier;
import org.onceonly.source.preflight.Checklist.Outcome;
import org.onceonly.source.preflight.PostgresTables.PgTable;

/**
 * The publication item of a {@code postgres} preflight, by {@code publication.autocreate.mode}:
 * {@code disabled} — the DBA created it, and it must include every registered table; {@code filtered} (the
 * hub's default) — Debezium uses a publication that lists exactly the registered tables, and otherwise
 * creates or alters it, which needs the role to own the tables; {@code all_tables} — Debezium creates one
 * {@code FOR ALL TABLES}, which only a superuser may.
 */
final class PostgresPublication {
    /** A publication as the catalog has it. */
    private record Existing(boolean allTables, boolean publishesAll, boolean owned, Set<String> tables) {}

    private final SourceDefinition source;
    private final String name;
    private final String quotedName;
    private final boolean superuser;

    PostgresPublication(SourceDefinition source, String name, boolean superuser) {
        this.source = source;
        this.name = name;
        this.quotedName = SqlIdentifier.quoted(name);
        this.superuser = superuser;
    }

    /** {@code tables}: the registered tables that exist. */
    Outcome check(Connection connection, List<PgTable> tables) throws SQLException {
        String mode = source.options().getOrDefault("publication.autocreate.mode", "filtered");
        Existing existing = find(connection);
        List<PgTable> missing = existing == null ? tables : tables.stream()
                .filter(table -> !existing.allTables() && !existing.tables().contains(key(table))).toList();
        String setDisabled = "in the connector file, under options:\n--   publication.autocreate.mode: disabled";
        return switch (mode) {
            case "disabled" -> {
                if (existing == null) {
                    yield fail(name + " does not exist; with publication.autocreate.mode disabled the DBA creates it",
                            create(tables));
                }
                yield missing.isEmpty() ? operations(existing)
                        : fail(name + " does not include " + names(missing), addTables(missing));
            }
            case "filtered" -> {
                if (existing != null && existing.allTables()) {
                    yield fail(name + " is FOR ALL TABLES, which Debezium's filtered mode refuses to narrow",
                            "in the connector file, under options:\n  publication.autocreate.mode: disabled");
                }
                if (existing != null && existing.tables().equals(tables.stream().map(PostgresPublication::key).collect(Collectors.toSet()))) {
                    yield operations(existing);
                }
                List<PgTable> notOwned = tables.stream().filter(table -> !table.owned()).toList();
                boolean mayCreate = existing == null ? mayCreateIn(connection) : existing.owned();
                if (superuser || (notOwned.isEmpty() && mayCreate)) {
                    yield pass(existing == null ? "absent: the hub creates it for the registered tables"
                            : "the hub sets it to the registered tables");
                }
                String why = !notOwned.isEmpty() ? "it does not own " + names(notOwned)
                        : existing == null ? "it may not create objects in database " + source.database() : "it does not own " + name;
                String fix = existing == null ? "-- as the owner of the tables:\n" + create(tables) + "\n-- then, " + setDisabled
                        : missing.isEmpty() ? "-- " + setDisabled
                        : "-- as the owner of the publication:\n" + addTables(missing) + "\n-- then, " + setDisabled;
                yield fail((existing == null ? name + " does not exist" : name + " does not list exactly the registered tables")
                        + ", and " + source.user() + " cannot " + (existing == null ? "create" : "change") + " it: " + why, fix);
            }
            case "all_tables" -> {
                if (existing != null) {
                    yield missing.isEmpty() ? operations(existing) : fail(name + " does not include " + names(missing), addTables(missing));
                }
                yield superuser ? pass("absent: the hub creates it FOR ALL TABLES")
                        : fail(name + " does not exist, and only a superuser may create a publication FOR ALL TABLES",
                        "-- as the owner of the tables:\n" + create(tables) + "\n-- then, " + setDisabled);
            }
            default -> warn("publication.autocreate.mode " + mode + " is not checked", null);
        };
    }

    private Existing find(Connection connection) throws SQLException {
        String sql = "SELECT p.puballtables, p.pubinsert AND p.pubupdate AND p.pubdelete, pg_has_role(p.pubowner, 'USAGE') "
                + "FROM pg_publication p WHERE p.pubname = ?";
        boolean allTables;
        boolean publishesAll;
        boolean owned;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                allTables = row.getBoolean(1);
                publishesAll = row.getBoolean(2);
                owned = row.getBoolean(3);
            }
        }
        Set<String> tables = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1) + "." + rows.getString(2));
                }
            }
        }
        return new Existing(allTables, publishesAll, owned, tables);
    }

    private static boolean mayCreateIn(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT has_database_privilege(current_database(), 'CREATE')");
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getBoolean(1);
        }
    }

    /** Updates and deletes must be published too, or the pool never sees them. */
    private Outcome operations(Existing existing) {
        return existing.publishesAll() ? pass(existing.allTables() ? "FOR ALL TABLES" : "includes every registered table")
                : warn(name + " does not publish every insert, update and delete",
                "ALTER PUBLICATION " + quotedName + " SET (publish = 'insert, update, delete');");
    }

    private String create(List<PgTable> tables) {
        return "CREATE PUBLICATION " + quotedName + " FOR TABLE " + quotedNames(tables) + ";";
    }

    private String addTables(List<PgTable> tables) {
        return "ALTER PUBLICATION " + quotedName + " ADD TABLE " + quotedNames(tables) + ";";
    }

    private static String quotedNames(List<PgTable> tables) {
        return tables.stream().map(PgTable::quotedName).collect(Collectors.joining(", "));
    }

    private static String names(List<PgTable> tables) {
        return tables.stream().map(PostgresPublication::key).collect(Collectors.joining(", "));
    }

    private static String key(PgTable table) {
        return table.schema() + "." + table.name();
    }
}
