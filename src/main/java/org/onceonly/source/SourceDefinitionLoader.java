/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.onceonly.config.StrictYaml;
import org.onceonly.config.StrictYaml.ConfigException;

/**
 * Reads {@code connectors/*.yaml}. Unknown keys, missing required keys and literal secrets are errors
 * that name the file, line and key, because a DBA fixes them by hand. Which keys are required, and which
 * are refused, depends on the kind: a key that a kind would silently ignore is refused instead.
 */
public final class SourceDefinitionLoader {
    // A password inside the URL (…?password=…, user:secret@host, Oracle's user/secret@host) bypasses the
    // secret reference; the message never repeats the URL.
    private static final Pattern SECRET_IN_URL = Pattern.compile(
            "(?i)(?:[?&;:]\\s*(?:password|pwd)\\s*=)|(?://[^/@:]+:[^/@]+@)|(?:^jdbc:oracle:[a-z]+:[^@/:]+/[^@]+@)");

    private SourceDefinitionLoader() {}

    /**
     * Every {@code *.yaml} directly in the directory, by id; a duplicate id is an error. Subfolders are not
     * read, so {@code connectors/demo/} stays out of a production hub's sources.
     */
    public static Map<String, SourceDefinition> loadAll(Path directory) {
        Map<String, SourceDefinition> byId = new LinkedHashMap<>();
        for (Path file : StrictYaml.files(directory)) {
            SourceDefinition definition = load(file);
            if (byId.put(definition.id(), definition) != null) {
                throw new ConfigException(file + ": source id '" + definition.id() + "' is registered twice");
            }
        }
        return byId;
    }

    public static SourceDefinition load(Path file) {
        File raw = StrictYaml.read(file, File.class);
        try {
            return raw.toDefinition();
        } catch (Problem e) {
            throw new ConfigException(StrictYaml.where(file, StrictYaml.lineMatching(file, e.line)) + e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    /** Required keys are checked after parsing, so that a misspelt key is reported as unknown, not as missing. */
    private static void requireKeys(SourceKind kind, Object... namesAndValues) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                missing.add((String) namesAndValues[i]);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing required key(s)" + (kind == null ? "" : " for kind " + kind.id())
                    + ": " + String.join(", ", missing));
        }
    }

    /** A key this kind does not use is refused rather than silently ignored: the DBA meant something by it. */
    private static void refuse(SourceKind kind, String key, Object value, String why) {
        if (value != null) {
            throw Problem.atKey(key, "key '" + key + "' is not used by kind " + kind.id() + " (" + why + "); remove it");
        }
    }

    /** A problem that {@link #load} reports at the line where it is written. */
    private static final class Problem extends IllegalArgumentException {
        private final Pattern line;

        private Problem(Pattern line, String message) {
            super(message);
            this.line = line;
        }

        static Problem atKey(String key, String message) {
            return new Problem(Pattern.compile("^\\s*(?:-\\s+)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:"), message);
        }

        /** At the table's entry: {@code - schema.table} or {@code name: schema.table}. */
        static Problem atTable(TableSpec table, String message) {
            return new Problem(Pattern.compile("(?:^\\s*-\\s+|\\bname\\s*:\\s*)[\"']?" + Pattern.quote(table.name())
                    + "[\"']?(?![A-Za-z0-9_$.])"), "table " + table.name() + ": " + message);
        }
    }

    /** The file's shape, field for field; required keys fail with their name. */
    private record File(
            @JsonProperty(value = "id") String id,
            @JsonProperty(value = "department") String department,
            @JsonProperty(value = "owner") String owner,
            @JsonProperty(value = "kind") SourceKind kind,
            @JsonProperty(value = "jdbcUrl") String jdbcUrl,
            @JsonProperty(value = "host") String host,
            @JsonProperty(value = "port") Integer port,
            @JsonProperty(value = "database") String database,
            @JsonProperty(value = "user") String user,
            @JsonProperty(value = "password") String password,
            @JsonProperty(value = "tables") List<TableSpec> tables,
            @JsonProperty("snapshot") String snapshot,
            @JsonProperty("poll") PollFile poll,
            @JsonProperty("options") Map<String, String> options) {

        SourceDefinition toDefinition() {
            requireKeys(null, "id", id, "department", department, "owner", owner, "kind", kind, "user", user,
                    "password", password, "tables", tables);
            if (!id.matches("[a-z0-9][a-z0-9-]{1,62}")) {
                throw new IllegalArgumentException("id '" + id + "' must be lower-case letters, digits and dashes");
            }
            if (tables.isEmpty()) {
                throw new IllegalArgumentException("tables must name at least one schema.table");
            }
            if (snapshot != null && !List.of("initial", "incremental", "never", "when-needed").contains(snapshot)) {
                throw new IllegalArgumentException("snapshot must be initial, incremental, never or when-needed, not '" + snapshot + "'");
            }
            SecretReference secret = SecretReference.parse("password", password);
            return switch (kind) {
                case POSTGRES, MARIADB, MYSQL -> changeLog(secret);
                case JDBC_POLL -> jdbcPoll(secret);
            };
        }

        /** {@code postgres}, {@code mariadb} and {@code mysql}: Debezium reads the database's change log. */
        private SourceDefinition changeLog(SecretReference secret) {
            requireKeys(kind, "host", host, "port", port, "database", database);
            refuse(kind, "jdbcUrl", jdbcUrl, "it connects with host, port and database");
            refuse(kind, "poll", poll, "it streams from the change log");
            if ("incremental".equals(snapshot) && (options == null || !options.containsKey("signal.data.collection"))) {
                throw Problem.atKey("snapshot", "snapshot 'incremental' loads tables in resumable chunks through Debezium's "
                        + "incremental snapshot, which needs a signal table: set options.signal.data.collection "
                        + "(see docs/connectors.md, Re-snapshot)");
            }
            for (TableSpec table : tables) {
                if (table.hasPollSettings()) {
                    throw Problem.atTable(table, "key, watermark, softDelete and query are for kind jdbc-poll; kind "
                            + kind.id() + " takes the key from the table and sees deletes in the change log");
                }
                if (kind.readsBinlog()) {
                    checkBinlogTable(table);
                }
            }
            return new SourceDefinition(id, department, owner, kind, null, host, port, database, user, secret,
                    tables, snapshot, null, options);
        }

        /**
         * MariaDB and MySQL have no schemas inside a database: a table is {@code database.table}. One source
         * captures one database, as for PostgreSQL, so the first part must be {@code database}. Names go
         * into Debezium's include-list patterns, so only plain identifiers pass.
         */
        private void checkBinlogTable(TableSpec table) {
            if (!table.schema().equals(database)) {
                throw Problem.atTable(table, "kind " + kind.id() + " names tables as database.table, and this source "
                        + "captures database '" + database + "': write " + database + "." + table.table()
                        + ", or register the other database as its own source");
            }
            try {
                SqlIdentifier.requireQualified("table", table.name());
                table.columns().forEach(column -> SqlIdentifier.require("column", column));
            } catch (IllegalArgumentException e) {
                throw Problem.atTable(table, e.getMessage());
            }
        }

        private static final Pattern QUERY_START = Pattern.compile("(?i)(select|with)\\b");

        private SourceDefinition jdbcPoll(SecretReference secret) {
            requireKeys(kind, "jdbcUrl", jdbcUrl);
            String why = "jdbcUrl says where the database is";
            refuse(kind, "host", host, why);
            refuse(kind, "port", port, why);
            refuse(kind, "database", database, why);
            refuse(kind, "options", options, "it has no capture engine to pass them to");
            if (!jdbcUrl.startsWith("jdbc:")) {
                throw Problem.atKey("jdbcUrl", "jdbcUrl must start with jdbc:, as in jdbc:oracle:thin:@//db.internal:1521/SCJG");
            }
            if (SECRET_IN_URL.matcher(jdbcUrl).find()) {
                throw Problem.atKey("jdbcUrl", "jdbcUrl must not carry a password; give it as password: ${env:NAME} "
                        + "or ${file:PATH}: secrets stay out of config files");
            }
            if ("incremental".equals(snapshot)) {
                throw Problem.atKey("snapshot", "snapshot 'incremental' is for change-log kinds; a jdbc-poll source's "
                        + "first pass already resumes batch by batch (use initial)");
            }
            if ("when-needed".equals(snapshot)) {
                throw Problem.atKey("snapshot", "snapshot 'when-needed' does not apply to kind jdbc-poll (a stored poll "
                        + "offset never expires); use initial or never");
            }
            for (TableSpec table : tables) {
                checkPolledTable(table);
            }
            return new SourceDefinition(id, department, owner, kind, jdbcUrl, null, 0, null, user, secret,
                    tables, snapshot, poll == null ? null : poll.toSettings(), null);
        }

        private static void checkPolledTable(TableSpec table) {
            if (table.key().isEmpty()) {
                throw Problem.atTable(table, "missing required key 'key' for kind jdbc-poll: the primary key "
                        + "(or a declared unique key) columns, as in key: [id]");
            }
            if (table.watermark() == null) {
                throw Problem.atTable(table, "missing required key 'watermark' for kind jdbc-poll: a column that "
                        + "grows on every insert and update, as in watermark: gxsj");
            }
            try {
                SqlIdentifier.requireQualified("table", table.name());
                table.columns().forEach(column -> SqlIdentifier.require("column", column));
                table.key().forEach(column -> SqlIdentifier.require("key column", column));
                SqlIdentifier.require("watermark", table.watermark());
                if (table.softDelete() != null) {
                    SqlIdentifier.require("softDelete.column", table.softDelete().column());
                }
            } catch (IllegalArgumentException e) {
                throw Problem.atTable(table, e.getMessage());
            }
            if (table.key().stream().distinct().count() != table.key().size()) {
                throw Problem.atTable(table, "key names a column twice");
            }
            if (table.key().stream().anyMatch(column -> column.equalsIgnoreCase(table.watermark()))) {
                throw Problem.atTable(table, "the watermark column cannot also be a key column");
            }
            if (table.query() != null) {
                checkQuery(table);
            }
        }

        /**
         * A connector's own query is read as a derived table with the keyset appended, so it must be one
         * {@code SELECT} without parameters of its own, and it must name the key, watermark and soft-delete
         * columns (unless it selects {@code *}); preflight runs it to check what it really returns.
         */
        private static void checkQuery(TableSpec table) {
            String query = table.query().strip();
            if (!table.columns().isEmpty()) {
                throw Problem.atKey("columns", "table " + table.name() + ": give either columns or query, not both: "
                        + "the query's select list says which columns leave the department");
            }
            if (!QUERY_START.matcher(query).lookingAt()) {
                throw Problem.atKey("query", "table " + table.name() + ": query must be one SELECT (or WITH ... SELECT) "
                        + "statement over the department's tables or views");
            }
            if (query.indexOf(';') >= 0) {
                throw Problem.atKey("query", "table " + table.name() + ": query must be one statement, without ';'");
            }
            if (query.indexOf('?') >= 0) {
                throw Problem.atKey("query", "table " + table.name() + ": query must not contain '?': the hub appends "
                        + "its own parameters (the watermark and key it resumes after)");
            }
            if (!query.contains("*")) {
                List<String> needed = new ArrayList<>(table.key());
                needed.add(table.watermark());
                if (table.softDelete() != null) {
                    needed.add(table.softDelete().column());
                }
                for (String column : needed) {
                    if (!Pattern.compile("(?<![A-Za-z0-9_$])" + Pattern.quote(column) + "(?![A-Za-z0-9_$])",
                            Pattern.CASE_INSENSITIVE).matcher(query).find()) {
                        throw Problem.atKey("query", "table " + table.name() + ": query does not select column " + column
                                + " that key, watermark or softDelete names; select it, as in ... AS " + column);
                    }
                }
            }
        }
    }

    /** {@code poll:} of a jdbc-poll source; absent keys take {@link PollSettings#defaults()}. */
    private record PollFile(@JsonProperty("intervalMs") Long intervalMs, @JsonProperty("batchSize") Integer batchSize,
                            @JsonProperty("timeZone") String timeZone) {
        PollSettings toSettings() {
            PollSettings defaults = PollSettings.defaults();
            ZoneId zone = defaults.timeZone();
            if (timeZone != null) {
                try {
                    zone = ZoneId.of(timeZone);
                } catch (DateTimeException e) {
                    throw Problem.atKey("timeZone", "poll.timeZone '" + timeZone + "' is not a time zone such as Asia/Shanghai");
                }
            }
            try {
                return new PollSettings(intervalMs == null ? defaults.interval() : Duration.ofMillis(intervalMs),
                        batchSize == null ? defaults.batchSize() : batchSize, zone);
            } catch (IllegalArgumentException e) {
                throw Problem.atKey(e.getMessage().contains("batchSize") ? "batchSize" : "intervalMs", e.getMessage());
            }
        }
    }
}
