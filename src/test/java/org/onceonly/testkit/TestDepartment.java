package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.onceonly.demo.HouseholdRegisterDemo;
import org.onceonly.hub.EmbeddedPostgresServer;

/**
 * The household register as a test-owned PostgreSQL server (zonky, own data directory, free port), set up
 * exactly as the demo sets it up, with its connector file written into a connectors directory.
 */
public final class TestDepartment implements AutoCloseable {
    private final Path serverDirectory;
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgresServer server;
    private final HouseholdRegisterDemo register;
    private final Path connectors;
    private final Path captureSecret;

    private TestDepartment(Path serverDirectory, EmbeddedPostgresServer server, HouseholdRegisterDemo register, Path connectors,
                           Path captureSecret) {
        this.serverDirectory = serverDirectory;
        this.server = server;
        this.port = server.port();
        this.dataDirectory = server.dataDirectory();
        this.register = register;
        this.connectors = connectors;
        this.captureSecret = captureSecret;
    }

    public static TestDepartment start(Path directory, int residents) {
        return start(directory, residents, 0);
    }

    /** As {@link #start(Path, int)}, on {@code port} (0: any free port). */
    public static TestDepartment start(Path directory, int residents, int port) {
        Path serverDirectory = directory.resolve("department");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(serverDirectory, port);
        Path secret = directory.resolve("secrets/public-security-hukou.password");
        HouseholdRegisterDemo register = HouseholdRegisterDemo.prepare(server, residents, secret);
        Path connectors = directory.resolve("connectors");
        TestDepartment department = new TestDepartment(serverDirectory, server, register, connectors, secret);
        department.writeConnector(connectors, "public-security-hukou", "", "");
        return department;
    }

    /**
     * Writes a connector file for the household register into {@code folder}: {@code id}, then
     * {@code extraKeys} (top-level lines such as {@code snapshot: incremental}) and {@code extraOptions}
     * (indented lines under {@code options:}).
     */
    public Path writeConnector(Path folder, String id, String extraKeys, String extraOptions) {
        return writeConnector(folder, id, port, extraKeys, extraOptions);
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
        return connectorYaml(id, port);
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
                database: hukou
                user: onceonly_cdc
                password: ${file:%s}
                tables:
                  - name: hukou.residents
                """.formatted(id, port, captureSecret.toAbsolutePath());
    }

    /** The DBA's signal table, which Debezium's incremental snapshots write their chunk watermarks to. */
    public void addSignalTable() {
        execute("CREATE TABLE hukou.onceonly_signal (id varchar(42) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))");
        execute("GRANT SELECT, INSERT, UPDATE, DELETE ON hukou.onceonly_signal TO onceonly_cdc");
        execute("ALTER PUBLICATION onceonly_public_security_hukou ADD TABLE hukou.onceonly_signal");
    }

    public Path connectors() {
        return connectors;
    }

    /** The household register's JDBC URL, for sources that connect by URL. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + HouseholdRegisterDemo.DATABASE;
    }

    /** The file holding the capture role's password (referenced as {@code ${file:...}}). */
    public Path captureSecret() {
        return captureSecret;
    }

    public DataSource database() {
        return register.database();
    }

    public int port() {
        return port;
    }

    /** Shuts the department's server down (fast shutdown: sessions, replication included, are closed). */
    public synchronized void stopServer() {
        if (server != null) {
            server.close(); // pg_ctl stop -m fast, waiting 5 s at most
            server = null;
            // A shutdown may take longer (it waits for replication clients); a restart waits for it, as a DBA's would.
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the department's PostgreSQL did not shut down within 120 s");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Starts the server again on the same port and data directory. */
    public synchronized void startServer() {
        if (server == null) {
            server = EmbeddedPostgresServer.start(serverDirectory, port);
        }
    }

    /** The department's server, for tests that put another department's database beside the register. */
    public EmbeddedPostgresServer server() {
        return server;
    }

    /**
     * Makes the server ask every role but the superuser for its password, as a department's server does
     * (zonky trusts every loopback connection, so a wrong password would go unnoticed).
     */
    public void requirePasswords() {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
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
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(), HouseholdRegisterDemo.CAPTURE_ROLE, "not-the-password")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server still accepts any password after reloading pg_hba.conf");
                }
                Thread.sleep(50);
            } catch (SQLException refused) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The first column of the first row of a parameterised query, as text ({@code null} without rows). */
    public String query(String sql, Object... parameters) {
        try (Connection connection = database().getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs one parameterised statement in its own transaction; returns the update count. */
    public int execute(String sql, Object... parameters) {
        try (Connection connection = database().getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Residents as the department holds them: identity number → registered address. */
    public Map<String, String> addressesByIdentityNumber() {
        Map<String, String> out = new HashMap<>();
        try (Connection connection = database().getConnection();
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
        try (Connection connection = database().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT sfzh FROM hukou.residents WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stopServer();
    }
}
