package org.onceonly.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.hub.HubConfig;
import org.onceonly.source.Batching;
import org.onceonly.source.SecretReference;
import org.onceonly.source.SourceKind;
import org.onceonly.source.kafka.RawTopicSource;

/** A hub configuration the kit writes as a file reads back as the same configuration. */
class HubConfigFileTest {
    @TempDir
    Path directory;

    @Test
    void aWrittenConfigurationLoadsBackUnchanged() {
        // Folders absolute, as the file writes them.
        HubConfig config = new HubConfig(directory.resolve("data"), "127.0.0.1", 18080,
                new HubConfig.PoolConfig("jdbc:postgresql://127.0.0.1:5/pool", "postgres",
                        new SecretReference("file", directory.resolve("pool.password").toString()), 0),
                directory.resolve("connectors"), Path.of("routes").toAbsolutePath(), Path.of("schemas").toAbsolutePath(),
                new Batching(500, 50), new HubConfig.Watch(64L * 1024 * 1024, 1),
                new HubConfig.Platform(directory.resolve("clients"), Path.of("forms").toAbsolutePath(), 2L * 1024 * 1024, null,
                        new HubConfig.Timeouts(6, 2, 3)),
                new HubConfig.Kafka("127.0.0.1:9092", Map.of("client.id", "hub-a"),
                        new HubConfig.Consume("group", 6000, List.of(new RawTopicSource("public-security-hukou", "public-security",
                                SourceKind.POSTGRES, List.of("hukou.hukou.residents")))), new HubConfig.Publish(true, "onceonly.", 50)));

        HubConfig read = HubConfig.load(HubConfigFile.write(config, directory.resolve("onceonly.yaml")));

        assertThat(read).isEqualTo(config);
    }

    @Test
    void theDefaultsWithAnEmbeddedPoolLoadBackUnchanged() {
        HubConfig defaults = HubConfig.defaults();
        HubConfig config = defaults.withDataDirectory(directory.resolve("data")).withConnectors(directory.resolve("connectors"))
                .withRoutes(Path.of("routes").toAbsolutePath())
                .withPlatform(new HubConfig.Platform(directory.resolve("clients"), Path.of("forms").toAbsolutePath(),
                        defaults.platform().maxUploadBytes()));

        HubConfig read = HubConfig.load(HubConfigFile.write(config, directory.resolve("onceonly.yaml")));

        assertThat(read).isEqualTo(new HubConfig(config.dataDirectory(), config.httpHost(), config.httpPort(), config.pool(),
                config.connectors(), config.routes(), Path.of("schemas").toAbsolutePath(), config.batching(), config.watch(),
                config.platform(), config.kafka()));
    }
}
