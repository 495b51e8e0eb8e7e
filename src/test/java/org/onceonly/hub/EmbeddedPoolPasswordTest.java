/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded pool is not open to every local user: a generated secret under the data directory, stored
 * owner-only, is the superuser's SCRAM password, and a connection without it is refused — after a restart too.
 * (A server of its own: the test rewrites its pg_hba.conf.)
 */
class EmbeddedPoolPasswordTest {
    @TempDir
    Path data;

    @Test
    void theEmbeddedPoolAsksEveryConnectionForTheGeneratedPasswordAcrossRestarts() throws Exception {
        String password = EmbeddedPoolSecret.of(data);
        assertThat(EmbeddedPoolSecret.of(data)).isEqualTo(password);
        assertThat(Files.getPosixFilePermissions(EmbeddedPoolSecret.file(data))).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        for (int start = 0; start < 2; start++) {
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startWithPassword(data.resolve("pool"), 0, Map.of(), password)) {
                String url = server.jdbcUrl("postgres");
                assertThatThrownBy(() -> connect(url, null)).isInstanceOf(SQLException.class).hasMessageContaining("password");
                assertThatThrownBy(() -> connect(url, "embedded")).isInstanceOf(SQLException.class);
                try (Connection connection = connect(url, password);
                     var method = connection.createStatement().executeQuery("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'postgres'")) {
                    method.next();
                    assertThat(method.getBoolean(1)).isTrue();
                }
                assertThat(Files.readString(server.dataDirectory().resolve("pg_hba.conf"))).doesNotContain("trust");
            }
        }
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", EmbeddedPostgresServer.SUPERUSER);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }
}
