/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.onceonly.cli.OnceOnly;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.CanonicalTopicReader;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubExtension;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.PoolView;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestKafka;
import picocli.CommandLine;

/**
 * The hub publishes every committed pool change to its canonical topic through the outbox relay: each
 * change once in effect, decodable with the registered schema, and a broker outage delays it, losing nothing.
 */
@Tag("kafka")
class HubPublicationIT {
    private static final int RESIDENTS = 40;

    @Department(residents = RESIDENTS)
    static TestDepartment department;
    @RegisterExtension
    static final HubExtension hub = HubExtension.inProcess().startedByTest();
    static TestKafka kafka;
    static ApiClient api;

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        hub.start(config -> config.with(HubSettings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(HubSettings.KAFKA_PUBLISH_ENABLED, true).with(HubSettings.KAFKA_PUBLISH_POLL_INTERVAL, 50));
        api = hub.api();
        Patience.await().until(() -> hub.pool().count("Person") == RESIDENTS && hub.pool().outboxPending() == 0);
    }

    @AfterAll
    static void stop() {
        hub.stop(); // before its broker goes
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyPoolChangeReachesTheCanonicalTopicOnceInEffectAcrossABrokerOutage() {
        PoolView pool = hub.pool();
        long publishedBefore = hub.hub().relay().orElseThrow().publishedCount();
        long historyBefore = pool.versions(null);
        assertThat(publishedBefore).isEqualTo(historyBefore);

        kafka.kill();
        for (long id = 1; id <= 10; id++) {
            department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", "停电期间地址" + id, id);
        }
        department.execute("DELETE FROM hukou.residents WHERE id = ?", 11L);
        Patience.await().until(() -> pool.versions(null) == historyBefore + 11);
        Patience.await().untilAsserted(() -> {
            assertThat(api.text("/metrics")).contains("onceonly_outbox_delayed 1.0");
            assertThat(pool.outboxPending()).isEqualTo(11);
        });

        kafka.startAgain();
        Patience.await().until(() -> pool.outboxPending() == 0);
        Patience.await().untilAsserted(() -> assertThat(api.text("/metrics")).contains("onceonly_outbox_delayed 0.0"));

        Schema person = PoolView.projectSchema("Person");
        List<CanonicalTopicReader.Change> applied = new CanonicalTopicReader(kafka.bootstrapServers(), pool).applied("onceonly.Person", person);

        Set<String> history = pool.history(null).stream().map(v -> v.sourceId() + "|" + v.rowKey() + "|" + v.position())
                .collect(Collectors.toSet());
        assertThat(applied).extracting(c -> c.source() + "|" + c.row() + "|" + c.position())
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(history);
        Map<String, String> addresses = new HashMap<>();
        for (CanonicalTopicReader.Change change : applied) {
            if (change.record() == null) {
                addresses.remove(change.subject());
            } else {
                addresses.put(change.subject(), String.valueOf(change.record().get("registeredAddress")));
                assertThat(change.schemaVersion()).isEqualTo(1);
            }
        }
        assertThat(addresses).isEqualTo(department.addressesByIdentityNumber());
        assertThat(applied.stream().map(CanonicalTopicReader.Change::operation).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("r", "u", "d");
    }

    @Test
    void eventsCommandPrintsDecodedChangesWithIdentityNumbersMasked() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine command = OnceOnly.commandLine();
        command.setOut(new PrintWriter(out));

        int exit = command.execute("events", "Person", "--config", hub.configFile().toString(), "--from-beginning", "--limit", "5");

        assertThat(exit).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(5).allSatisfy(line -> {
            JsonNode event = new ObjectMapper().readTree(line);
            assertThat(event.get("source").asText()).isEqualTo("public-security-hukou");
            assertThat(event.get("record").get("name").asText()).isNotBlank();
            assertThat(event.get("subject").asText()).contains("*");
        });
        String anyIdentityNumber = department.identityNumberOf(1);
        assertThat(out.toString()).doesNotContain(anyIdentityNumber);
    }
}
