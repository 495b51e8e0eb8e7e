/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registered department source, as a DBA writes it in {@code connectors/<id>.yaml}. The password is a
 * {@link SecretReference}; the secret itself is read only when a connection is opened.
 *
 * <p>Where the database is depends on the kind: {@code postgres}, {@code mariadb} and {@code mysql} name
 * {@code host}, {@code port} and {@code database} (and {@link #jdbcUrl()} is derived from them);
 * {@code jdbc-poll} names a {@code jdbcUrl} for any JDBC driver on the class path, and has no host, port or
 * database.
 *
 * @param poll    how a {@code jdbc-poll} source polls (defaults for other kinds, which ignore it)
 * @param options kind-specific settings passed to the capture engine (for example Debezium properties)
 */
public record SourceDefinition(String id, String department, String owner, SourceKind kind, String jdbcUrl,
                               String host, int port, String database, String user, SecretReference password,
                               List<TableSpec> tables, String snapshot, PollSettings poll, Map<String, String> options) {
    public SourceDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        switch (kind) {
            case POSTGRES, MARIADB, MYSQL -> {
                Objects.requireNonNull(host, "host");
                Objects.requireNonNull(database, "database");
                String scheme = switch (kind) {
                    case MARIADB -> "mariadb";
                    case MYSQL -> "mysql";
                    default -> "postgresql";
                };
                jdbcUrl = "jdbc:" + scheme + "://" + host + ":" + port + "/" + database;
            }
            case JDBC_POLL -> Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        }
        tables = List.copyOf(tables);
        options = options == null ? Map.of() : Map.copyOf(options);
        snapshot = snapshot == null ? "initial" : snapshot;
        poll = poll == null ? PollSettings.defaults() : poll;
    }

    /** A name safe for database objects the hub creates for this source (slot, publication, offset and schema history tables). */
    public String objectName() {
        return "onceonly_" + id.toLowerCase().replaceAll("[^a-z0-9]+", "_");
    }
}
