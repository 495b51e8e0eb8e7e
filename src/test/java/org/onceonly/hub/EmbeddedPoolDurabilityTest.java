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
import java.util.List;
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
             Connection connection = server.dataSource("postgres").getConnection();
             ResultSet settings = connection.createStatement().executeQuery(
                     "SELECT current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')")) {
            settings.next();
            assertThat(List.of(settings.getString(1), settings.getString(2), settings.getString(3))).containsExactly("on", "on", "on");
        }
    }
}
