package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.source.Batching;

class HubConfigTest {
    @TempDir
    Path directory;

    @Test
    void theDocumentedExampleLoadsWithItsDefaults() {
        HubConfig config = HubConfig.load(Path.of("onceonly.example.yaml"));

        assertThat(config).isEqualTo(HubConfig.defaults());
    }

    @Test
    void batchingIsConfigurable() throws Exception {
        HubConfig config = HubConfig.load(Files.writeString(directory.resolve("hub.yaml"), "apply:\n  batchSize: 500\n  lingerMs: 20\n"));

        assertThat(config.batching()).isEqualTo(new Batching(500, 20));
    }

    @Test
    void anOutOfRangeBatchSizeNamesTheKey() throws Exception {
        Path file = Files.writeString(directory.resolve("hub.yaml"), "apply:\n  batchSize: 0\n");

        assertThatThrownBy(() -> HubConfig.load(file)).hasMessageContaining("apply.batchSize must be from 1 to 65536");
    }

    @Test
    void aLiteralPoolPasswordIsRefused() throws Exception {
        Path file = Files.writeString(directory.resolve("hub.yaml"),
                "pool:\n  jdbcUrl: jdbc:postgresql://db/onceonly\n  user: onceonly\n  password: hunter2\n");

        assertThatThrownBy(() -> HubConfig.load(file)).hasMessageContaining("pool.password must be a reference")
                .hasMessageNotContaining("hunter2");
    }
}
