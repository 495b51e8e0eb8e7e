/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.hub.EmbeddedPoolSecret;
import org.onceonly.hub.HubConfig;
import org.onceonly.pool.PoolDatabase;

/**
 * The pool for command-line tools: the configured external pool, or the embedded one — reached on its
 * port while a hub runs, or started on its data directory when none does.
 */
final class PoolAccess implements AutoCloseable {
    private final PoolDatabase database;
    private final EmbeddedPostgresServer startedHere;

    private PoolAccess(PoolDatabase database, EmbeddedPostgresServer startedHere) {
        this.database = database;
        this.startedHere = startedHere;
    }

    /** The pool, starting the embedded server if it is not running and has data. */
    static PoolAccess open(HubConfig config) {
        return reach(config).orElseGet(() -> {
            if (!config.pool().embedded() || !Files.isDirectory(config.dataDirectory().resolve("pool"))) {
                throw new IllegalStateException("the pool is not reachable and there is no embedded pool under "
                        + config.dataDirectory().resolve("pool"));
            }
            String password = EmbeddedPoolSecret.of(config.dataDirectory());
            EmbeddedPostgresServer server = EmbeddedPostgresServer.startWithPassword(config.dataDirectory().resolve("pool"),
                    config.pool().embeddedPort(), EmbeddedPostgresServer.POOL_SETTINGS, password);
            return new PoolAccess(new PoolDatabase(embeddedUrl(server.port()), EmbeddedPostgresServer.SUPERUSER, password), server);
        });
    }

    /** The pool if it answers now; never starts anything. */
    static Optional<PoolAccess> reach(HubConfig config) {
        HubConfig.PoolConfig pool = config.pool();
        String url = pool.embedded() ? embeddedUrl(pool.embeddedPort()) : pool.jdbcUrl();
        String user = pool.embedded() ? EmbeddedPostgresServer.SUPERUSER : pool.user();
        String password = pool.embedded() ? EmbeddedPoolSecret.of(config.dataDirectory()) : pool.password().resolve();
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "3");
        try (Connection probe = DriverManager.getConnection(url, properties)) {
            return Optional.of(new PoolAccess(new PoolDatabase(url, user, password), null));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static String embeddedUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/onceonly";
    }

    PoolDatabase database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
        if (startedHere != null) {
            startedHere.close();
        }
    }
}
