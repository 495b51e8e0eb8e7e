package org.onceonly.source;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registered department source, as a DBA writes it in {@code connectors/<id>.yaml}. The password is a
 * {@link SecretReference}; the secret itself is read only when a connection is opened.
 *
 * @param options kind-specific settings passed to the capture engine (for example Debezium properties)
 */
public record SourceDefinition(String id, String department, String owner, SourceKind kind,
                               String host, int port, String database, String user, SecretReference password,
                               List<TableSpec> tables, String snapshot, Map<String, String> options) {
    public SourceDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        tables = List.copyOf(tables);
        options = options == null ? Map.of() : Map.copyOf(options);
        snapshot = snapshot == null ? "initial" : snapshot;
    }

    /** A name safe for database objects the hub creates for this source (slot, publication, offset table). */
    public String objectName() {
        return "onceonly_" + id.toLowerCase().replaceAll("[^a-z0-9]+", "_");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
