package org.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.onceonly.hub.EmbeddedPostgresServer;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;

/**
 * A capture engine that stops on an error of its own (here: its database is not there when it starts, which
 * Debezium's configuration check does not retry) is started again from the stored offsets with back-off,
 * and reads the database once it is there; meanwhile the source is RETRYING with the error.
 */
class CaptureRestartTest {
    @TempDir
    Path directory;

    @Test
    void captureThatCannotStartIsRestartedWithBackOffUntilItsDatabaseIsThere() throws Exception {
        try (EmbeddedPostgresServer pool = EmbeddedPostgresServer.start(directory.resolve("pool"), 0)) {
            pool.ensureDatabase("pool");
            OffsetStorage offsets = new OffsetStorage(pool.jdbcUrl("pool"), EmbeddedPostgresServer.SUPERUSER, "embedded");
            int port = TestHubs.freePort();
            Path secret = Files.createDirectories(directory.resolve("secrets")).resolve("public-security-hukou.password");
            Files.writeString(secret, "captureSecretForTheTest2026\n"); // the department takes it when it is set up
            SourceDefinition definition = new SourceDefinition("public-security-hukou", "public-security", "dba@ps.test",
                    SourceKind.POSTGRES, null, "127.0.0.1", port, "hukou", "onceonly_cdc",
                    SecretReference.parse("password", "${file:" + secret + "}"), List.of(new TableSpec("hukou.residents", List.of())),
                    null, null, Map.of("publication.autocreate.mode", "disabled", "publication.name", "onceonly_public_security_hukou"));
            Set<Long> ids = new ConcurrentSkipListSet<>();
            List<String> errors = new CopyOnWriteArrayList<>();
            try (ManagedSource source = new ManagedSource(definition, offsets, Batching.DEFAULT,
                    batch -> batch.forEach(change -> ids.add(change.key().get("id").asLong())), CaptureRunners.INSTANCE,
                    Long.MAX_VALUE, 1)) {
                source.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    errors.add(String.valueOf(source.status().lastError()));
                    return source.status().state() == SourceState.RETRYING
                            && errors.stream().anyMatch(e -> e.startsWith("capture stopped"));
                });

                try (TestDepartment department = TestDepartment.start(directory, 20, port)) {
                    await().atMost(Duration.ofSeconds(120)).until(() -> ids.size() == 20);
                    await().atMost(Duration.ofSeconds(30)).until(() -> source.status().state() == SourceState.STREAMING
                            || source.status().state() == SourceState.SNAPSHOT);
                    assertThat(ids).hasSize(20).contains(1L, 20L);
                    source.close();
                }
            }
        }
    }
}
