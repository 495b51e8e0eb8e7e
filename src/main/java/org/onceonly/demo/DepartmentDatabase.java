/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.hub.OwnerOnlyFile;
import org.onceonly.identity.Masking;

/**
 * One demo department's database on the demo's PostgreSQL server, and the steps its DBA takes for
 * OnceOnly: a capture role with REPLICATION and SELECT only on the shared tables, full row images, and a
 * publication limited to those tables ({@code docs/connectors.md}); or, for a source captured by polling,
 * a read-only role. Every statement here is idempotent, so a second run changes nothing.
 */
public final class DepartmentDatabase {
    static final String CAPTURE_ROLE = "onceonly_cdc";
    static final String READER_ROLE = "onceonly_reader";

    private final String name;
    private final DataSource dataSource;

    DepartmentDatabase(EmbeddedPostgresServer server, String name) {
        server.ensureDatabase(name);
        this.name = name;
        this.dataSource = server.dataSource(name);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Runs DDL statements in one transaction; statements and identifiers are ours, never user input. */
    void ddl(String... statements) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement ddl = connection.createStatement()) {
                for (String statement : statements) {
                    ddl.execute(statement);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The DBA's grants for OnceOnly's capture: the role (cluster-wide, created once) may replicate and read the
     * shared tables and nothing else; the tables log full row images; the publication lists exactly them
     * (tables missing from an older publication are added).
     */
    void shareForCapture(String password, String publication, List<String> tables) {
        List<String> statements = new ArrayList<>(role(CAPTURE_ROLE, true, password));
        statements.addAll(grantSelect(CAPTURE_ROLE, tables));
        for (String table : tables) {
            statements.add("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
        }
        statements.add("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = '" + publication + "') THEN "
                + "CREATE PUBLICATION " + publication + " FOR TABLE " + String.join(", ", tables) + "; END IF; END $$");
        for (String table : tables) {
            String schema = table.substring(0, table.indexOf('.'));
            String bare = table.substring(table.indexOf('.') + 1);
            statements.add("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_publication_tables WHERE pubname = '" + publication
                    + "' AND schemaname = '" + schema + "' AND tablename = '" + bare + "') THEN "
                    + "ALTER PUBLICATION " + publication + " ADD TABLE " + table + "; END IF; END $$");
        }
        ddl(statements.toArray(String[]::new));
    }

    /** The DBA's grants for a source read by polling: a login role that may only SELECT the shared tables. */
    void shareForReading(String password, List<String> tables) {
        List<String> statements = new ArrayList<>(role(READER_ROLE, false, password));
        statements.addAll(grantSelect(READER_ROLE, tables));
        ddl(statements.toArray(String[]::new));
    }

    private static List<String> role(String role, boolean replication, String password) {
        if (!password.matches("[A-Za-z0-9]{16,}")) {
            throw new IllegalArgumentException("the " + role + " secret must be 16 or more letters and digits");
        }
        // Role DDL cannot take bind parameters; the password is checked to be plain letters and digits.
        return List.of(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                        + "CREATE ROLE " + role + " WITH LOGIN" + (replication ? " REPLICATION" : "") + "; END IF; END $$",
                "ALTER ROLE " + role + " WITH PASSWORD '" + password + "'");
    }

    private static List<String> grantSelect(String role, List<String> tables) {
        List<String> statements = new ArrayList<>();
        tables.stream().map(t -> t.substring(0, t.indexOf('.'))).distinct()
                .forEach(schema -> statements.add("GRANT USAGE ON SCHEMA " + schema + " TO " + role));
        statements.add("GRANT SELECT ON " + String.join(", ", tables) + " TO " + role);
        return statements;
    }

    boolean isEmpty(String table) {
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")")) {
            row.next();
            return row.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The first column of the first row of a parameterised query, if any. */
    Optional<String> queryString(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A column of a table: its name, SQL type, and how to read its value from a row record. */
    record Column<T>(String name, String type, Function<T, Object> value) {}

    /**
     * Inserts all rows with a single statement ({@code INSERT ... SELECT FROM unnest(arrays)}): one round
     * trip however many rows, and statement-level triggers fire once.
     */
    static <T> void insertAll(Connection connection, String table, List<Column<T>> columns, List<T> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
        StringBuilder arrays = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).name());
            arrays.append(i == 0 ? "" : ", ").append("?::text[]::").append(columns.get(i).type()).append("[]");
        }
        sql.append(") SELECT * FROM unnest(").append(arrays).append(")");
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            List<Array> bound = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                Function<T, Object> value = columns.get(i).value();
                String[] values = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    Object v = value.apply(rows.get(r));
                    values[r] = v == null ? null : v.toString();
                }
                Array array = connection.createArrayOf("text", values);
                bound.add(array);
                insert.setArray(i + 1, array);
            }
            insert.executeUpdate();
            for (Array array : bound) {
                array.free();
            }
        }
    }

    /** Runs work in one transaction on this database. */
    void inTransaction(SqlWork work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // A constraint violation quotes the offending key: mask identity numbers before the message travels.
            throw new IllegalStateException("cannot write to database " + name + ": " + Masking.maskIdentityNumbers(e.getMessage()), e);
        }
    }

    @FunctionalInterface
    interface SqlWork {
        void run(Connection connection) throws SQLException;
    }

    /**
     * One role's secret, kept in every file of {@code files} (created with owner-only permissions). The demo's
     * departments share one PostgreSQL server and roles are cluster-wide, so the departments captured by
     * Debezium share one capture role and its one password; each connector still names its own file, as it
     * would for its own server. An existing file's secret is kept; files that disagree are brought in line.
     */
    public static String secret(List<Path> files) {
        return secret(files, () -> {
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        });
    }

    /** The secret kept in the files (the first that exists), or a new one from {@code generator}, written to all of them. */
    public static String secret(List<Path> files, java.util.function.Supplier<String> generator) {
        try {
            String secret = null;
            for (Path file : files) {
                if (Files.exists(file)) {
                    secret = Files.readString(file).strip();
                    break;
                }
            }
            if (secret == null) {
                secret = generator.get();
            }
            for (Path file : files) {
                if (!Files.exists(file) || !Files.readString(file).strip().equals(secret)) {
                    OwnerOnlyFile.write(file, secret);
                }
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a demo secret in " + files.get(0).getParent(), e);
        }
    }
}
