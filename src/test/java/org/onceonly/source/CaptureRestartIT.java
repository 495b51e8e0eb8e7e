/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.hub.CaptureRunners;
import org.onceonly.testkit.EmptyPool;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestPool;
import org.onceonly.testkit.TestPostgres;

/**
 * A capture engine that stops on an error of its own (here: its database is not there when it starts, which
 * Debezium's configuration check does not retry) is started again from the stored offsets with back-off,
 * and reads the database once it is there; meanwhile the source is RETRYING with the error.
 */
class CaptureRestartIT {
    @TempDir
    Path directory;
    @EmptyPool
    TestPool pool;

    @Test
    void captureThatCannotStartIsRestartedWithBackOffUntilItsDatabaseIsThere() throws Exception {
        OffsetStorage offsets = new OffsetStorage(pool.jdbcUrl(), pool.user(), pool.password());
        TestPostgres server = TestPostgres.shared();
        String database = server.uniqueName("household_register");
        Path secret = Files.createDirectories(directory.resolve("secrets")).resolve("public-security-hukou.password");
        Files.writeString(secret, server.capturePassword() + "\n");
        SourceDefinition definition = new SourceDefinition("public-security-hukou", "public-security", "dba@ps.test",
                SourceKind.POSTGRES, null, "127.0.0.1", server.port(), database, "onceonly_cdc",
                SecretReference.parse("password", "${file:" + secret + "}"), List.of(new TableSpec("hukou.residents", List.of())),
                null, null, Map.of("publication.autocreate.mode", "disabled", "publication.name", "onceonly_public_security_hukou"));
        Set<Long> ids = new ConcurrentSkipListSet<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        try (ManagedSource source = new ManagedSource(definition, offsets, Batching.DEFAULT,
                batch -> batch.forEach(change -> ids.add(change.key().get("id").asLong())), CaptureRunners.INSTANCE,
                Long.MAX_VALUE, 1)) {
            source.start();
            Patience.await().until(() -> {
                errors.add(String.valueOf(source.status().lastError()));
                return source.status().state() == SourceState.RETRYING
                        && errors.stream().anyMatch(e -> e.startsWith("capture stopped"));
            });

            try (TestDepartment department = TestDepartment.householdRegister(server, database, 20)) {
                Patience.await().until(() -> ids.size() == 20);
                Patience.await().atMost(Duration.ofSeconds(30)).until(() -> source.status().state() == SourceState.STREAMING
                        || source.status().state() == SourceState.SNAPSHOTTING);
                assertThat(ids).hasSize(20).contains(1L, 20L);
                source.close();
            }
        }
    }
}
