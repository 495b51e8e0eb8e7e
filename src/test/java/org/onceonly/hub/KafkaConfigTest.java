/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.source.kafka.RawTopicSource;
import org.onceonly.source.SourceKind;

/** The {@code kafka:} section of the hub's configuration (docs/configuration.md, docs/scale-out.md). */
class KafkaConfigTest {
    @TempDir
    Path directory;

    @Test
    void withoutAKafkaSectionTheHubNeitherConsumesNorPublishes() throws Exception {
        HubConfig config = HubConfig.load(Files.writeString(directory.resolve("hub.yaml"), "http:\n  port: 9000\n"));

        assertThat(config.kafka()).isEqualTo(HubConfig.defaults().kafka());
        assertThat(config.kafka().consumes()).isFalse();
        assertThat(config.kafka().publishes()).isFalse();
    }

    @Test
    void workerModeAndPublicationAreReadWithTheirDefaults() throws Exception {
        HubConfig config = HubConfig.load(Files.writeString(directory.resolve("hub.yaml"), """
                kafka:
                  bootstrapServers: kafka-1:9092,kafka-2:9092
                  properties:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: ${env:KAFKA_JAAS}
                  consume:
                    sources:
                      - id: public-security-hukou
                        department: public-security
                        kind: postgres
                        topics: [hukou.hukou.residents, hukou.hukou.hu]
                  publish: {}
                """));

        HubConfig.Kafka kafka = config.kafka();
        assertThat(kafka.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(kafka.consume()).isEqualTo(new HubConfig.Consume("onceonly-hub", 10_000, List.of(new RawTopicSource(
                "public-security-hukou", "public-security", SourceKind.POSTGRES, List.of("hukou.hukou.residents", "hukou.hukou.hu")))));
        assertThat(kafka.publish()).isEqualTo(new HubConfig.Publish(true, "onceonly.", 100));
        assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void aLiteralCredentialAmongTheClientPropertiesIsRefused() throws Exception {
        Path file = Files.writeString(directory.resolve("hub.yaml"), """
                kafka:
                  bootstrapServers: kafka-1:9092
                  properties:
                    ssl.truststore.password: hunter2
                """);

        assertThatThrownBy(() -> HubConfig.load(file)).hasMessageContaining("kafka.properties.ssl.truststore.password must be a reference")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aPolledSourceCannotBeReadFromRawTopics() throws Exception {
        Path file = Files.writeString(directory.resolve("hub.yaml"), """
                kafka:
                  bootstrapServers: kafka-1:9092
                  consume:
                    sources:
                      - {id: market, department: market-regulation, kind: jdbc-poll, topics: [scjg.qyxx]}
                """);

        assertThatThrownBy(() -> HubConfig.load(file)).hasMessageContaining("source market").hasMessageContaining("jdbc-poll");
    }

    @Test
    void anUnknownKeyInTheKafkaSectionIsNamed() throws Exception {
        Path file = Files.writeString(directory.resolve("hub.yaml"), "kafka:\n  bootstrapServers: k:9092\n  publsh: {}\n");

        assertThatThrownBy(() -> HubConfig.load(file)).hasMessageContaining("unknown key 'kafka.publsh'").hasMessageContaining("line 3");
    }

    @Test
    void publishingNeedsBootstrapServers() throws Exception {
        Path file = Files.writeString(directory.resolve("hub.yaml"), "kafka:\n  publish: {enabled: true}\n");

        assertThatThrownBy(() -> HubConfig.load(file)).hasMessageContaining("kafka.bootstrapServers is required");
    }

    @Test
    void resolvedPropertiesReadReferencesWhenAClientIsMade() throws Exception {
        Path secret = Files.writeString(directory.resolve("jaas"), "org.apache.kafka.common.security.plain.PlainLoginModule required;");
        HubConfig.Kafka kafka = new HubConfig.Kafka("k:9092", Map.of("sasl.jaas.config", "${file:" + secret + "}"), null,
                HubConfig.Publish.OFF);

        assertThat(kafka.resolvedProperties()).containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;");
    }
}
