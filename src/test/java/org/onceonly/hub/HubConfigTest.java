/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
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

    @Test
    void anUnknownKeyIsNamedWithItsLineAndTheKeysKnownThere() throws Exception {
        Path file = Files.writeString(directory.resolve("hub.yaml"), "http:\n  port: 9000\n  prot: 9001\n");

        assertThatThrownBy(() -> HubConfig.load(file)).hasMessageContaining("line 3").hasMessageContaining("unknown key 'http.prot'")
                .hasMessageContaining("port");
    }

    @Test
    void aValueOfTheWrongKindNamesTheKeyAndLine() throws Exception {
        Path file = Files.writeString(directory.resolve("hub.yaml"), "watch:\n  probeIntervalSeconds: often\n");

        assertThatThrownBy(() -> HubConfig.load(file)).hasMessageContaining("line 2")
                .hasMessageContaining("watch.probeIntervalSeconds must be a whole number");
    }

    @Test
    void aSectionGivenAValueIsRefused() throws Exception {
        Path file = Files.writeString(directory.resolve("hub.yaml"), "http: 8080\n");

        assertThatThrownBy(() -> HubConfig.load(file)).hasMessageContaining("key 'http' is a section");
    }

    @Test
    void aKeyGivenNoValueKeepsItsDefault() throws Exception {
        HubConfig config = HubConfig.load(Files.writeString(directory.resolve("hub.yaml"), "http:\n  port:\n"));

        assertThat(config.httpPort()).isEqualTo(HubSettings.HTTP_PORT.defaultValue());
    }

    @Test
    void sizesAreGivenInMegabytesAndMayBeFractions() throws Exception {
        HubConfig config = HubConfig.load(Files.writeString(directory.resolve("hub.yaml"), "watch:\n  walWarningMb: 0.5\n"));

        assertThat(config.watch().walWarningBytes()).isEqualTo(512L * 1024);
    }

    @Test
    void aValueSetInCodeKeepsTheSameRuleAsInAFile() {
        assertThatThrownBy(() -> HubConfig.defaults().with(HubSettings.HTTP_IDLE_TIMEOUT, 0))
                .hasMessageContaining("http.idleTimeoutSeconds must be 1 or more");
    }

    @Test
    void anExternalPoolWithoutCredentialsIsRefusedWhenTheHubStarts() {
        HubConfig config = HubConfig.defaults().with(HubSettings.POOL_JDBC_URL, "jdbc:postgresql://db/onceonly");

        assertThatThrownBy(config::validate).hasMessageContaining("pool.jdbcUrl needs pool.user and pool.password");
    }

    @Test
    void everyKeyIsInTheReferenceTableOfTheDocumentation() throws Exception {
        String documentation = Files.readString(Path.of("docs", "configuration.md"));
        StringBuilder table = new StringBuilder("| key | default | rule | what it does |\n| --- | --- | --- | --- |\n");
        for (Setting<?> setting : HubSettings.ALL) {
            table.append("| `").append(setting.name()).append("` | ").append(setting.shownDefault().replace("|", "\\|")).append(" | ")
                    .append(setting.ruleText().isEmpty() ? "-" : setting.ruleText()).append(" | ").append(setting.description()).append(" |\n");
        }

        assertThat(documentation).as("docs/configuration.md's table of all keys, made from HubSettings").contains(table);
    }
}
