/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.onceonly.demo.HouseholdRegisterDemo;

/**
 * The household register ({@code hukou.residents}, households and members), set up exactly as the demo's
 * DBA sets it up and seeded with synthetic residents, in a database of its own, with its connector file in a
 * connectors folder and the capture role's password in a secret file. Usually a copy of a template on the
 * shared server ({@link #householdRegister(int)}; one template per resident count, seeded once); a test
 * that stops the server or changes its {@code pg_hba.conf} takes one on a private server
 * ({@link #householdRegisterOnPrivateServer(int)}). Tests get one through {@link Department}. Closing it
 * drops the database (and its replication slots), or the private server.
 */
public final class TestDepartment implements ResidentsTable, DepartmentConnectors, AutoCloseable {
    public static final String SOURCE_ID = HouseholdRegisterDemo.SOURCE_ID;
    static final String RESIDENTS = HouseholdRegisterDemo.TABLE;

    private final TestPostgres server;
    private final boolean ownsServer;
    private final TestDatabase database;
    private final Path directory;
    private final Path connectors;
    private final Path captureSecret;
    private final List<String> beside = new ArrayList<>();

    private TestDepartment(TestPostgres server, boolean ownsServer, TestDatabase database, Path directory) {
        this.server = server;
        this.ownsServer = ownsServer;
        this.database = database;
        this.directory = directory;
        this.connectors = directory.resolve("connectors");
        this.captureSecret = directory.resolve("secrets/" + SOURCE_ID + ".password");
    }

    /** A register of {@code residents} residents on the shared server. */
    public static TestDepartment householdRegister(int residents) {
        return householdRegister(TestPostgres.shared(), residents);
    }

    /** A register of {@code residents} residents on {@code server}. */
    public static TestDepartment householdRegister(TestPostgres server, int residents) {
        return householdRegister(server, server.uniqueName("household_register"), residents);
    }

    /** As {@link #householdRegister(TestPostgres, int)}, in database {@code name} (from {@link TestPostgres#uniqueName}). */
    public static TestDepartment householdRegister(TestPostgres server, String name, int residents) {
        return open(server, false, server.copy(template(server, residents), name));
    }

    /** A register on a server of its own, which the test may stop, start and reconfigure. */
    public static TestDepartment householdRegisterOnPrivateServer(int residents) {
        TestPostgres server = TestPostgres.startPrivate();
        try {
            return open(server, true, server.copyOf(template(server, residents)));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The register seeded with {@code residents} residents: set up and seeded once per server and count. */
    private static TestPostgres.Template template(TestPostgres server, int residents) {
        return new TestPostgres.Template("household_register_template_" + residents, template -> {
            Path secret = writeSecret(TestDirectories.create("onceonly-register-"), server.capturePassword());
            try {
                HouseholdRegisterDemo.prepare(server.server(), template.name(), residents, secret);
            } finally {
                TestDirectories.delete(secret.getParent().getParent());
            }
        });
    }

    private static TestDepartment open(TestPostgres server, boolean ownsServer, TestDatabase database) {
        TestDepartment department = new TestDepartment(server, ownsServer, database, TestDirectories.create("onceonly-department-"));
        writeSecret(department.directory, server.capturePassword());
        department.writeConnector(department.connectors, SOURCE_ID, "", "");
        return department;
    }

    private static Path writeSecret(Path directory, String password) {
        Path secret = directory.resolve("secrets/" + SOURCE_ID + ".password");
        try {
            Files.createDirectories(secret.getParent());
            return Files.writeString(secret, password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a connector file for the household register into {@code folder}: {@code id}, then
     * {@code extraKeys} (top-level lines such as {@code snapshot: incremental}) and {@code extraOptions}
     * (indented lines under {@code options:}).
     */
    public Path writeConnector(Path folder, String id, String extraKeys, String extraOptions) {
        return writeConnector(folder, id, server.port(), extraKeys, extraOptions);
    }

    /** As {@link #writeConnector(Path, String, String, String)}, reaching the server through {@code port}. */
    public Path writeConnector(Path folder, String id, int port, String extraKeys, String extraOptions) {
        try {
            Files.createDirectories(folder);
            return Files.writeString(folder.resolve(id + ".yaml"), connectorYaml(id, port) + extraKeys + """
                    options:
                      publication.autocreate.mode: disabled
                      publication.name: onceonly_public_security_hukou
                    """ + extraOptions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The connector file's text up to {@code tables}, for tests that add their own keys. */
    public String connectorYaml(String id) {
        return connectorYaml(id, server.port());
    }

    /** As {@link #connectorYaml(String)}, reaching the server through {@code port} (a relay in front of it, say). */
    public String connectorYaml(String id, int port) {
        return """
                id: %s
                department: public-security
                owner: hukou-dba@ps.test
                kind: postgres
                host: 127.0.0.1
                port: %d
                database: %s
                user: onceonly_cdc
                password: ${file:%s}
                tables:
                  - name: hukou.residents
                """.formatted(id, port, database.name(), captureSecret.toAbsolutePath());
    }

    /**
     * A hardened database: PUBLIC may no longer run {@code pg_logical_emit_message}, which the hub's heartbeat
     * uses (every signature the server has: PostgreSQL 17 added an argument).
     */
    public void declineHeartbeat() {
        execute("DO $$DECLARE f regprocedure; BEGIN FOR f IN SELECT oid::regprocedure FROM pg_proc "
                + "WHERE proname = 'pg_logical_emit_message' LOOP EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f); "
                + "END LOOP; END$$");
    }

    /** Undoes {@link #declineHeartbeat()}. */
    public void allowHeartbeat() {
        execute("DO $$DECLARE f regprocedure; BEGIN FOR f IN SELECT oid::regprocedure FROM pg_proc "
                + "WHERE proname = 'pg_logical_emit_message' LOOP EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f); "
                + "END LOOP; END$$");
    }

    /** The DBA's signal table, which Debezium's incremental snapshots write their chunk watermarks to. */
    public void addSignalTable() {
        execute("CREATE TABLE hukou.onceonly_signal (id varchar(42) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))");
        execute("GRANT SELECT, INSERT, UPDATE, DELETE ON hukou.onceonly_signal TO onceonly_cdc");
        execute("ALTER PUBLICATION onceonly_public_security_hukou ADD TABLE hukou.onceonly_signal");
    }

    /** The folder holding this register's connector file ({@value #SOURCE_ID}.yaml). */
    @Override
    public Path connectors() {
        return connectors;
    }

    /** A folder of the department's own, for files a test writes beside the connector. */
    public Path directory() {
        return directory;
    }

    public String sourceId() {
        return SOURCE_ID;
    }

    /** The name of the register's database on its server. */
    public String databaseName() {
        return database.name();
    }

    /** The household register's JDBC URL, for sources that connect by URL. */
    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    /** The file holding the capture role's password (referenced as {@code ${file:...}}). */
    public Path captureSecret() {
        return captureSecret;
    }

    /** The superuser's connections to the register. */
    public DataSource database() {
        return database.dataSource();
    }

    public int port() {
        return server.port();
    }

    /** The department's server, for tests that put another department's database beside the register. */
    public TestPostgres server() {
        return server;
    }

    /** A database another fixture created on this server for the test (a second department): dropped with the register. */
    public void keepBeside(String databaseName) {
        beside.add(databaseName);
    }

    /** Shuts the department's server down (fast shutdown: sessions, replication included, are closed). */
    public void stopServer() {
        privateServer("stop").stop();
    }

    /** Starts the server again on the same port and data directory. */
    public void startServer() {
        privateServer("start").start();
    }

    private TestPostgres privateServer(String what) {
        if (!ownsServer) {
            throw new IllegalStateException("cannot " + what + " the shared server: take a department on a private server");
        }
        return server;
    }

    /**
     * Makes the server ask every role but the superuser for its password, as a department's server does
     * (the test servers trust every loopback connection, so a wrong password would go unnoticed).
     */
    public void requirePasswords() {
        try {
            Files.writeString(privateServer("reconfigure").dataDirectory().resolve("pg_hba.conf"), """
                    local all postgres              trust
                    host  all postgres 127.0.0.1/32 trust
                    host  all postgres ::1/128      trust
                    host  all all      127.0.0.1/32 scram-sha-256
                    host  all all      ::1/128      scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        query("SELECT pg_reload_conf()");
        // The reload is only signalled: wait until a wrong password is refused.
        Patience.await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(), HouseholdRegisterDemo.CAPTURE_ROLE, "not-the-password")) {
                return false;
            } catch (SQLException refused) {
                return true;
            }
        });
    }

    /** The first column of the first row of a parameterised query, as text ({@code null} without rows). */
    public String query(String sql, Object... parameters) {
        return database.query(sql, parameters);
    }

    /** Runs one parameterised statement in its own transaction; returns the update count. */
    public int execute(String sql, Object... parameters) {
        return database.execute(sql, parameters);
    }

    /** Residents as the department holds them: identity number → registered address. */
    public Map<String, String> addressesByIdentityNumber() {
        Map<String, String> out = new HashMap<>();
        try (Connection connection = connect();
             ResultSet rows = connection.createStatement().executeQuery("SELECT sfzh, hjdz FROM hukou.residents")) {
            while (rows.next()) {
                out.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }

    public String identityNumberOf(long id) {
        return query("SELECT sfzh FROM hukou.residents WHERE id = ?", id);
    }

    @Override
    public Connection connect() throws SQLException {
        return database.connect();
    }

    @Override
    public String residentsTable() {
        return RESIDENTS;
    }

    /** Drops the register's database and those kept beside it (or closes the private server), and deletes its files. */
    @Override
    public void close() {
        try {
            if (ownsServer) {
                server.close();
            } else {
                beside.forEach(server::drop);
                database.close();
            }
        } finally {
            TestDirectories.delete(directory);
        }
    }

    @Override
    public String toString() {
        return "household register " + database;
    }
}
