package org.onceonly.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.onceonly.hub.EmbeddedPostgresServer;

/**
 * The pool as an external PostgreSQL server that the test owns, not the hub: the test can stop it and start
 * it again on the same port and data directory while the hub runs, as an operator restarting the pool's
 * server would. The hub reaches it through {@code pool.jdbcUrl}.
 */
final class PoolServer implements AutoCloseable {
    static final String DATABASE = "onceonly";
    static final String USER = EmbeddedPostgresServer.SUPERUSER;

    private final Path directory;
    private final Path passwordFile;
    private final int port;
    private EmbeddedPostgresServer server;

    private PoolServer(Path directory, Path passwordFile, EmbeddedPostgresServer server) {
        this.directory = directory;
        this.passwordFile = passwordFile;
        this.server = server;
        this.port = server.port();
    }

    static PoolServer start(Path directory) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory, 0);
        server.ensureDatabase(DATABASE);
        try {
            // The server trusts loopback; the hub insists on a password reference all the same.
            Path passwordFile = Files.writeString(directory.resolve("pool.password"), "not-needed-on-loopback\n");
            return new PoolServer(directory, passwordFile, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shuts the server down (fast shutdown: open transactions are rolled back, connections closed). */
    synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts it again on the same port and data directory. */
    synchronized void start() {
        if (server == null) {
            server = EmbeddedPostgresServer.start(directory, port);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    Path passwordFile() {
        return passwordFile;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    @Override
    public void close() {
        stop();
    }
}
