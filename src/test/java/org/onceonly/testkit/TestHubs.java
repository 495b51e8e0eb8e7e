/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.onceonly.access.Tokens;
import org.onceonly.hub.HubConfig;
import org.onceonly.hub.HubSettings;
import org.onceonly.hub.HubSettings;

/**
 * Hub configuration for tests: the project's real routes, schemas and forms, a pool database of the kit, and
 * two registered clients — a platform client granted purpose {@value #PURPOSE} over every field unmasked, and
 * an operator (an administrator of every department) granted {@value #STEWARDSHIP} over every field unmasked.
 */
public final class TestHubs {
    public static final String PLATFORM_TOKEN = "oo_test-platform-token-0123456789abcdefghijklmnop";
    public static final String ADMIN_TOKEN = "oo_test-admin-token-0123456789abcdefghijklmnopqrs";
    public static final String PURPOSE = "testing";
    /** The purpose the test administrator names on admin paths that show personal data. */
    public static final String STEWARDSHIP = "data-stewardship";

    private TestHubs() {}

    /**
     * A hub under {@code directory} on {@code pool}, capturing the sources in {@code connectors}: the project's
     * routes, schemas and forms, the test clients, a free HTTP port.
     */
    public static HubConfig config(Path directory, Path connectors, TestPool pool) {
        Path clients = directory.resolve("clients");
        writeClients(clients);
        return HubConfig.defaults()
                .with(HubSettings.DATA_DIRECTORY, directory.resolve("hub-data"))
                .with(HubSettings.POOL_JDBC_URL, pool.jdbcUrl())
                .with(HubSettings.POOL_USER, pool.user())
                .with(HubSettings.POOL_PASSWORD, pool.passwordReference())
                .with(HubSettings.POOL_EMBEDDED_PORT, 0)
                .with(HubSettings.HTTP_PORT, freePort())
                .with(HubSettings.CONNECTORS, connectors)
                .with(HubSettings.CLIENTS, clients);
    }

    /**
     * As {@link #config(Path, Path, TestPool)}, on a fresh pool database of the shared server that lives as
     * long as the server (for fixtures that make hub configurations; tests use {@link HubExtension}).
     */
    public static HubConfig config(Path directory, Path connectors) {
        return config(directory, connectors, TestPool.create());
    }

    /** A file holding the administrator's token, beside the clients folder (for commands' --token-file). */
    public static Path adminTokenFile(Path clients) {
        return clients.resolveSibling("admin.token");
    }

    /** The test platform client (every field, unmasked, every capability) and the test operator. */
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
                    role: operator
                    tokenSha256: %s
                    grants:
                      - purpose: %s
                        read: {Person: ["*"], Household: ["*"], Marriage: ["*"], Organisation: ["*"], SocialInsurance: ["*"], Certificate: ["*"]}
                        unmasked: [Person.*, Household.*, Marriage.*, Organisation.*, SocialInsurance.*, Certificate.*]
                    """.formatted(Tokens.sha256Hex(ADMIN_TOKEN), STEWARDSHIP));
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
}
