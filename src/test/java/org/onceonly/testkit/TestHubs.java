package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.onceonly.access.Tokens;
import org.onceonly.hub.Hub;
import org.onceonly.hub.HubConfig;

/**
 * Hub configuration for tests: the project's real routes, schemas and forms, an embedded pool under a temp
 * dir, and two registered clients — a platform client granted purpose {@value #PURPOSE} over every field
 * unmasked, and an administrator.
 */
public final class TestHubs {
    public static final String PLATFORM_TOKEN = "oo_test-platform-token-0123456789abcdefghijklmnop";
    public static final String ADMIN_TOKEN = "oo_test-admin-token-0123456789abcdefghijklmnopqrs";
    public static final String PURPOSE = "testing";

    private TestHubs() {}

    public static HubConfig config(Path directory, Path connectors) {
        Path clients = directory.resolve("clients");
        writeClients(clients);
        HubConfig defaults = HubConfig.defaults();
        return defaults
                .withDataDirectory(directory.resolve("hub-data"))
                .withPool(new HubConfig.PoolConfig(null, null, null, 0))
                .withHttpPort(freePort())
                .withConnectors(connectors)
                .withPlatform(new HubConfig.Platform(clients, defaults.platform().forms(), defaults.platform().maxUploadBytes()));
    }

    /** A file holding the administrator's token, beside the clients folder (for commands' --token-file). */
    public static Path adminTokenFile(Path clients) {
        return clients.resolveSibling("admin.token");
    }

    /** The test platform client (every field, unmasked, every capability) and the test administrator. */
    public static void writeClients(Path clients) {
        try {
            Files.createDirectories(clients);
            Files.writeString(clients.resolve("test-portal.yaml"), """
                    id: test-portal
                    organisation: Test Online Service Hall
                    role: platform
                    tokenSha256: %s
                    grants:
                      - purpose: %s
                        read: {Person: ["*"], Household: ["*"], Marriage: ["*"], Organisation: ["*"], SocialInsurance: ["*"], Certificate: ["*"]}
                        unmasked: [Person.*, Household.*, Marriage.*, Organisation.*, SocialInsurance.*, Certificate.*]
                        may: [materials.read, materials.upload, materials.verify, corrections, access-log]
                    """.formatted(Tokens.sha256Hex(PLATFORM_TOKEN), PURPOSE));
            Files.writeString(clients.resolve("test-admin.yaml"), """
                    id: test-admin
                    organisation: Test Operations
                    role: administrator
                    tokenSha256: %s
                    """.formatted(Tokens.sha256Hex(ADMIN_TOKEN)));
            Files.writeString(adminTokenFile(clients), ADMIN_TOKEN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Golden Person records as the pool holds them: identity number → registered address. */
    public static Map<String, String> poolAddresses(Hub hub) {
        return queryMap(hub, "SELECT subject_key, fields->'registeredAddress'->>'value' FROM golden_record WHERE entity = 'Person'");
    }

    /** Runs a statement on the pool (to tamper with it, in tests that prove tampering is detected). */
    public static void execute(Hub hub, String sql) {
        try (Connection connection = hub.pool().dataSource().getConnection(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static long count(Hub hub, String sql) {
        try (Connection connection = hub.pool().dataSource().getConnection();
             ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static Map<String, String> queryMap(Hub hub, String sql) {
        Map<String, String> out = new HashMap<>();
        try (Connection connection = hub.pool().dataSource().getConnection();
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                out.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }
}
