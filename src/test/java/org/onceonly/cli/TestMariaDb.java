package org.onceonly.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A MariaDB server owned by one test: the machine's own binaries ({@code mariadb-install-db},
 * {@code mariadbd}) on a fresh data directory of its own, a free port, its own socket and pid file, and a
 * row-based binary log for Debezium. The machine's shared server (port 3306) is never touched. Closing it
 * shuts the server down and deletes its files.
 *
 * <p>Without the binaries the test is skipped, loudly; under {@code ONCEONLY_REQUIRE_SERVERS=true} (CI) it
 * fails instead, naming the Debian package to install.
 */
public final class TestMariaDb implements AutoCloseable {
    static final String PACKAGE = "mariadb-server";
    /** The server's own {@code server_id}; the hub's replica ids (5400–6399) stay clear of it. */
    static final int SERVER_ID = 1;
    private static final List<Path> BINARY_DIRECTORIES = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"),
            Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"));
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Path home;
    private final int port;
    private final Process server;
    private final Thread killOnExit;

    private TestMariaDb(Path home, int port, Process server, Thread killOnExit) {
        this.home = home;
        this.port = port;
        this.server = server;
        this.killOnExit = killOnExit;
    }

    /** Starts a fresh server; see {@link #requireInstalled()} for when MariaDB is not installed. */
    public static TestMariaDb start() {
        Path mariadbd = binary("mariadbd");
        Path installDb = binary("mariadb-install-db");
        Path home;
        try {
            home = Files.createTempDirectory("onceonly-mariadb-"); // short: the socket path has a length limit
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for a test MariaDB: " + e.getMessage(), e);
        }
        try {
            int port = TestHubs.freePort();
            Path config = home.resolve("my.cnf");
            Files.writeString(config, """
                    [mariadbd]
                    datadir=%1$s/data
                    socket=%1$s/mariadbd.sock
                    pid-file=%1$s/mariadbd.pid
                    log_error=%1$s/error.log
                    port=%2$d
                    bind-address=127.0.0.1
                    skip-name-resolve
                    log_bin=mariadb-bin
                    binlog_format=ROW
                    binlog_row_image=FULL
                    server_id=%3$d
                    character_set_server=utf8mb4
                    collation_server=utf8mb4_unicode_ci
                    innodb_buffer_pool_size=32M
                    innodb_log_file_size=16M
                    """.formatted(home, port, SERVER_ID));
            run(home.resolve("install-db.log"), installDb.toString(), "--defaults-file=" + config,
                    "--auth-root-authentication-method=normal", "--skip-test-db", asUser());
            Process server = new ProcessBuilder(mariadbd.toString(), "--defaults-file=" + config, asUser())
                    .redirectErrorStream(true).redirectOutput(home.resolve("mariadbd.out").toFile()).start();
            Thread killOnExit = new Thread(server::destroyForcibly, "stop-test-mariadb");
            Runtime.getRuntime().addShutdownHook(killOnExit);
            TestMariaDb mariaDb = new TestMariaDb(home, port, server, killOnExit);
            try {
                mariaDb.awaitReady();
                // An anonymous ''@localhost account would shadow named accounts connecting from localhost.
                mariaDb.executeAsRoot("DELETE FROM mysql.global_priv WHERE User = ''");
                mariaDb.executeAsRoot("FLUSH PRIVILEGES");
            } catch (RuntimeException | AssertionError e) {
                mariaDb.close();
                throw e;
            }
            return mariaDb;
        } catch (IOException e) {
            deleteTree(home);
            throw new UncheckedIOException("cannot start a test MariaDB: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            deleteTree(home); // mariadb-install-db failed; its log is quoted in the message
            throw e;
        }
    }

    /** True when the MariaDB server binaries are installed. */
    public static boolean installed() {
        return find("mariadbd").isPresent() && find("mariadb-install-db").isPresent();
    }

    /**
     * Skips the calling test when MariaDB is not installed, or fails it under
     * {@code ONCEONLY_REQUIRE_SERVERS=true}; either way the message names the package to install. Call it
     * from a test or {@code @BeforeEach} (a skip in {@code @BeforeAll} is not counted in the report).
     */
    public static void requireInstalled() {
        if (installed()) {
            return;
        }
        String message = "MariaDB's server binaries (mariadbd, mariadb-install-db) were not found on PATH or in "
                + BINARY_DIRECTORIES + ": install the Debian package " + PACKAGE + " (apt-get install " + PACKAGE
                + "; .ci/run does this) to run the MariaDB tests";
        if ("true".equals(System.getenv("ONCEONLY_REQUIRE_SERVERS"))) {
            Assertions.fail(message + " (ONCEONLY_REQUIRE_SERVERS=true: a server that cannot start is a failure)");
        }
        System.err.println("*** SKIPPED: " + message);
        Assumptions.abort(message);
    }

    private static Path binary(String name) {
        requireInstalled();
        return find(name).orElseThrow();
    }

    private static Optional<Path> find(String name) {
        List<Path> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            Stream.of(path.split(":")).filter(entry -> !entry.isBlank()).map(Path::of).forEach(directories::add);
        }
        directories.addAll(BINARY_DIRECTORIES);
        return directories.stream().map(directory -> directory.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    /** mariadbd refuses to run as root unless told to; any other user runs it as themselves. */
    private static String asUser() {
        return "--user=" + System.getProperty("user.name");
    }

    private static void run(Path log, String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish in 2 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed (exit " + process.exitValue() + "): " + tail(log));
        }
    }

    /** Polls a root connection until the server answers; a server that exits meanwhile fails at once. */
    private void awaitReady() {
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!server.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + server.exitValue() + ": " + tail(home.resolve("error.log")));
            }
            try (Connection connection = rootConnection()) {
                return connection.isValid(1);
            } catch (SQLException notYet) {
                return false;
            }
        });
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** The password-less root account (installed with {@code --auth-root-authentication-method=normal}). */
    public Connection rootConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(""), "root", "");
    }

    /** One parameterised statement as root, autocommitted. */
    public void executeAsRoot(String sql, Object... parameters) {
        try (Connection connection = rootConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The household register on this server: database {@code hukou}, table {@code hukou.residents} seeded
     * with {@code residents} rows, and a capture account {@code onceonly_cdc} with exactly the grants the
     * docs ask a DBA for. Its password is generated and kept in a file under {@code directory}.
     */
    public BinlogDepartment householdRegister(Path directory, int residents) {
        Path secret = directory.resolve("secrets/public-security-hukou-mariadb.password");
        try {
            Files.createDirectories(secret.getParent());
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            String password = HexFormat.of().formatHex(bytes);
            Files.writeString(secret, password + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            executeAsRoot("CREATE DATABASE hukou CHARACTER SET utf8mb4");
            BinlogDepartment department = BinlogDepartment.create("mariadb",
                    new BinlogDepartment.Server(jdbcUrl("hukou"), "root", "", "127.0.0.1", port),
                    "hukou", "residents", "onceonly_cdc", "${file:" + secret.toAbsolutePath() + "}", directory, residents);
            executeAsRoot("CREATE USER 'onceonly_cdc'@'%' IDENTIFIED BY ?", password);
            executeAsRoot("GRANT RELOAD, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'onceonly_cdc'@'%'");
            executeAsRoot("GRANT SELECT ON hukou.residents TO 'onceonly_cdc'@'%'");
            return department;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shuts the server down (SIGTERM: a clean shutdown), then deletes its files. */
    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
        deleteTree(home);
    }

    private static void deleteTree(Path home) {
        if (!Files.exists(home)) {
            return;
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete the test MariaDB's files under " + home + ": " + e.getMessage());
        }
    }
}
