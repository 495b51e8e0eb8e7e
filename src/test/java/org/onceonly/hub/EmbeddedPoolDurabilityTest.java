/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded pool flushes every commit to disk before it returns, although zonky starts its servers with
 * {@code fsync} and {@code synchronous_commit} off: an access-log entry or a contribution the hub was told is
 * committed survives a crash of the machine. (A server of its own: the pool's settings, not the tests'.)
 */
class EmbeddedPoolDurabilityTest {
    @TempDir
    Path data;

    @Test
    void theEmbeddedPoolFlushesEveryCommitToDisk() throws SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pool"), 0, EmbeddedPostgresServer.POOL_SETTINGS);
             Connection connection = server.dataSource("postgres").getConnection()) {
            assertThat(setting(connection, "fsync")).isEqualTo("on");
            assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(connection, "full_page_writes")).isEqualTo("on");
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (var select = connection.prepareStatement("SELECT current_setting(?)")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
