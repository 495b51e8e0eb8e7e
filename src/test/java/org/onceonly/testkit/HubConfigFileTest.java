/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.hub.HubConfig;
import org.onceonly.hub.HubSettings;
import org.onceonly.source.SecretReference;
import org.onceonly.source.SourceKind;
import org.onceonly.source.kafka.RawTopicSource;

/** A hub configuration the kit writes as a file reads back as the same configuration. */
class HubConfigFileTest {
    @TempDir
    Path directory;

    @Test
    void aWrittenConfigurationLoadsBackUnchanged() {
        HubConfig config = HubConfig.defaults()
                .with(HubSettings.DATA_DIRECTORY, directory.resolve("data").toAbsolutePath())
                .with(HubSettings.HTTP_PORT, 18080)
                .with(HubSettings.HTTP_IDLE_TIMEOUT, 6).with(HubSettings.HTTP_HEADER_TIMEOUT, 2).with(HubSettings.HTTP_BODY_TIMEOUT, 3)
                .with(HubSettings.POOL_JDBC_URL, "jdbc:postgresql://127.0.0.1:5/pool").with(HubSettings.POOL_USER, "postgres")
                .with(HubSettings.POOL_PASSWORD, new SecretReference("file", directory.resolve("pool.password").toString()))
                .with(HubSettings.POOL_EMBEDDED_PORT, 0)
                .with(HubSettings.CONNECTORS, directory.resolve("connectors").toAbsolutePath())
                .with(HubSettings.APPLY_BATCH_SIZE, 500).with(HubSettings.APPLY_LINGER_MS, 50)
                .with(HubSettings.WATCH_WAL_WARNING, 64L * 1024).with(HubSettings.WATCH_PROBE_INTERVAL, 1)
                .with(HubSettings.CLIENTS, directory.resolve("clients").toAbsolutePath())
                .with(HubSettings.MATERIALS_MAX_UPLOAD, 2L * 1024 * 1024)
                .with(HubSettings.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092")
                .with(HubSettings.KAFKA_PROPERTIES, Map.of("client.id", "hub-a"))
                .with(HubSettings.KAFKA_CONSUME_GROUP_ID, "group").with(HubSettings.KAFKA_CONSUME_SESSION_TIMEOUT, 6000)
                .with(HubSettings.KAFKA_CONSUME_SOURCES, List.of(new RawTopicSource("public-security-hukou", "public-security",
                        SourceKind.POSTGRES, List.of("hukou.hukou.residents"))))
                .with(HubSettings.KAFKA_PUBLISH_ENABLED, true).with(HubSettings.KAFKA_PUBLISH_POLL_INTERVAL, 50);

        HubConfig read = HubConfig.load(HubConfigFile.write(config, directory.resolve("onceonly.yaml")));

        assertThat(read).isEqualTo(absoluteFolders(config));
    }

    @Test
    void theDefaultsWithAnEmbeddedPoolLoadBackUnchanged() {
        HubConfig config = HubConfig.defaults().with(HubSettings.DATA_DIRECTORY, directory.resolve("data"));

        HubConfig read = HubConfig.load(HubConfigFile.write(config, directory.resolve("onceonly.yaml")));

        assertThat(read).isEqualTo(absoluteFolders(config));
    }

    private static HubConfig absoluteFolders(HubConfig config) {
        return config.with(HubSettings.DATA_DIRECTORY, config.dataDirectory().toAbsolutePath())
                .with(HubSettings.CONNECTORS, config.connectors().toAbsolutePath())
                .with(HubSettings.ROUTES, config.routes().toAbsolutePath())
                .with(HubSettings.SCHEMAS, config.schemas().toAbsolutePath())
                .with(HubSettings.CLIENTS, config.platform().clients().toAbsolutePath())
                .with(HubSettings.FORMS, config.platform().forms().toAbsolutePath());
    }
}
