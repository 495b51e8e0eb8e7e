/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.avro.Schema;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.CompatibilityMode;
import org.onceonly.schema.SchemaCatalog;

/**
 * Every canonical schema version the pool has seen, by fingerprint. Records are stored with their writer
 * fingerprint and read through here into the current schema. At start-up each current schema must be able
 * to follow the registered versions in the entity's {@link CompatibilityMode} (default BACKWARD_TRANSITIVE),
 * checked with Avro's own compatibility checker; otherwise the hub refuses to start and names the fields.
 */
public final class SchemaRegistry {
    private final DataSource dataSource;
    private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();
    private final Map<String, CanonicalSchema> current = new ConcurrentHashMap<>();

    public SchemaRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Checks and registers the catalogue's schemas; throws naming every incompatibility found. */
    public void register(SchemaCatalog catalog) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            PoolDatabase.lockStartUp(connection);
            List<String> problems = new ArrayList<>();
            for (CanonicalSchema schema : catalog.all()) {
                problems.addAll(registerOne(connection, schema));
                current.put(schema.entity(), schema);
            }
            if (!problems.isEmpty()) {
                connection.rollback();
                throw new IncompatibleSchemaException(problems);
            }
            connection.commit();
        } catch (SQLException e) {
            throw new PoolException("cannot register schemas", e);
        }
    }

    private List<String> registerOne(Connection connection, CanonicalSchema schema) throws SQLException {
        List<CompatibilityMode.Version> earlier = new ArrayList<>();
        int latest = 0;
        boolean known = false;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version, fingerprint, schema_json FROM schema_version WHERE entity = ? ORDER BY version FOR UPDATE")) {
            select.setString(1, schema.entity());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Schema writer = new Schema.Parser().parse(rows.getString(3));
                    byFingerprint.put(rows.getLong(2), writer);
                    latest = rows.getInt(1);
                    earlier.add(new CompatibilityMode.Version("version " + latest, writer));
                    known |= rows.getLong(2) == schema.fingerprint();
                }
            }
        }
        byFingerprint.put(schema.fingerprint(), schema.avro());
        if (known) {
            return List.of();
        }
        List<String> problems = CompatibilityMode.of(schema).problems(schema.entity(), schema.avro(), earlier);
        if (problems.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO schema_version (entity, version, fingerprint, schema_json) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, schema.entity());
                insert.setInt(2, latest + 1);
                insert.setLong(3, schema.fingerprint());
                insert.setString(4, schema.avro().toString());
                insert.executeUpdate();
            }
        }
        return problems;
    }

    /** Registered versions of every entity, oldest first, for offline checks. */
    public static java.util.Map<String, List<CompatibilityMode.Version>> versions(DataSource dataSource) {
        java.util.Map<String, List<CompatibilityMode.Version>> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT entity, version, schema_json FROM schema_version ORDER BY entity, version");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                out.computeIfAbsent(rows.getString(1), e -> new ArrayList<>())
                        .add(new CompatibilityMode.Version("pool version " + rows.getInt(2), new Schema.Parser().parse(rows.getString(3))));
            }
        } catch (SQLException e) {
            throw new PoolException("cannot read registered schema versions", e);
        }
        return out;
    }

    /** Every registered schema version by fingerprint, read without registering anything (for subscribers and tools). */
    public static Map<Long, Schema> registered(DataSource dataSource) {
        Map<Long, Schema> out = new java.util.HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT fingerprint, schema_json FROM schema_version");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                out.put(rows.getLong(1), new Schema.Parser().parse(rows.getString(2)));
            }
        } catch (SQLException e) {
            throw new PoolException("cannot read registered schema versions", e);
        }
        return out;
    }

    /**
     * The schema records of the entity are read into (golden records are built in it): the one this
     * registry registered, else the newest version the pool holds (a reader that registers nothing).
     */
    public Optional<CanonicalSchema> current(String entity) {
        CanonicalSchema schema = current.get(entity);
        if (schema != null) {
            return Optional.of(schema);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT schema_json FROM schema_version WHERE entity = ? ORDER BY version DESC LIMIT 1")) {
            select.setString(1, entity);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new CanonicalSchema(new Schema.Parser().parse(row.getString(1)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PoolException("cannot read the schema of " + entity, e);
        }
    }

    /** The writer schema of stored records with this fingerprint. */
    public Schema writerSchema(long fingerprint) {
        Schema schema = byFingerprint.get(fingerprint);
        if (schema == null) {
            // Registered by another hub since this one started, or this registry registers nothing itself.
            byFingerprint.putAll(registered(dataSource));
            schema = byFingerprint.get(fingerprint);
        }
        if (schema == null) {
            throw new IllegalStateException("no schema version with fingerprint " + Long.toHexString(fingerprint) + " is registered");
        }
        return schema;
    }

    /** The hub must not start with a schema that cannot read what the pool already holds. */
    public static final class IncompatibleSchemaException extends IllegalStateException {
        private final List<String> problems;

        IncompatibleSchemaException(List<String> problems) {
            super("incompatible schema change:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
