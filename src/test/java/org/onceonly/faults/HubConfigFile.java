package org.onceonly.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.onceonly.testkit.TestHubs;

/**
 * The {@code onceonly.yaml} a fault test runs its hub process on: the test's external pool, its connectors,
 * the project's routes and schemas (unless the test brings routes of its own), a free HTTP port, a short
 * probe interval so that status follows an outage within seconds, and the test clients of {@link TestHubs}
 * (so {@code ApiClient} calls it as the test platform client or administrator).
 */
final class HubConfigFile {
    static final Path PROJECT_ROUTES = Path.of("routes").toAbsolutePath();
    static final Path PROJECT_SCHEMAS = Path.of("schemas").toAbsolutePath();
    static final Path PROJECT_FORMS = Path.of("forms").toAbsolutePath();

    private HubConfigFile() {}

    static Path write(Path directory, PoolServer pool, Path connectors) {
        return write(directory, pool, connectors, PROJECT_ROUTES);
    }

    static Path write(Path directory, PoolServer pool, Path connectors, Path routes) {
        Path file = directory.resolve("onceonly.yaml");
        Path clients = directory.resolve("clients");
        TestHubs.writeClients(clients);
        try {
            Files.createDirectories(directory);
            Files.writeString(file, """
                    dataDirectory: %s
                    http:
                      host: 127.0.0.1
                      port: %d
                    pool:
                      jdbcUrl: %s
                      user: %s
                      password: ${file:%s}
                    connectors: %s
                    routes: %s
                    schemas: %s
                    clients: %s
                    forms: %s
                    apply:
                      lingerMs: 50
                    watch:
                      probeIntervalSeconds: 1
                    """.formatted(directory.resolve("hub-data").toAbsolutePath(), TestHubs.freePort(), pool.jdbcUrl(), PoolServer.USER,
                    pool.passwordFile().toAbsolutePath(), connectors.toAbsolutePath(), routes.toAbsolutePath(), PROJECT_SCHEMAS,
                    clients.toAbsolutePath(), PROJECT_FORMS));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
