package org.onceonly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.pool.Outbox;
import org.onceonly.schema.SchemaCatalog;

/**
 * The hub publishes every committed pool change to its canonical topic through the outbox relay: each
 * change once in effect, decodable with the registered schema, and a broker outage delays it, losing nothing.
 */
@Tag("kafka")
class HubPublicationTest {
    private static final int RESIDENTS = 40;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    @Test
    void everyPoolChangeReachesTheCanonicalTopicOnceInEffectAcrossABrokerOutage() {
        int port = TestHubs.freePort();
        int controllerPort = TestHubs.freePort();
        Path kafkaDirectory = directory.resolve("kafka");
        KafkaBroker broker = KafkaBroker.start(kafkaDirectory, port, controllerPort);
        try (TestDepartment department = TestDepartment.start(directory, RESIDENTS)) {
            HubConfig config = TestHubs.config(directory, department.connectors()).withKafka(new HubConfig.Kafka(
                    broker.bootstrapServers(), Map.of(), null, new HubConfig.Publish(true, "onceonly.", 50)));
            try (Hub hub = Hub.start(config)) {
                ApiClient api = new ApiClient(config.httpPort());
                await().atMost(PATIENCE).until(() -> TestHubs.count(hub, "SELECT count(*) FROM golden_record") == RESIDENTS
                        && Outbox.pending(hub.pool().dataSource()) == 0);
                assertThat(hub.relay().orElseThrow().publishedCount()).isEqualTo(RESIDENTS);

                broker.kill();
                for (long id = 1; id <= 10; id++) {
                    department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", "停电期间地址" + id, id);
                }
                department.execute("DELETE FROM hukou.residents WHERE id = ?", 11L);
                await().atMost(PATIENCE).until(() -> TestHubs.count(hub, "SELECT count(*) FROM history") == RESIDENTS + 11);
                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(api.text("/metrics")).contains("onceonly_outbox_delayed 1.0");
                    assertThat(Outbox.pending(hub.pool().dataSource())).isEqualTo(11);
                });

                broker = KafkaBroker.start(kafkaDirectory, port, controllerPort);
                await().atMost(PATIENCE).until(() -> Outbox.pending(hub.pool().dataSource()) == 0);
                assertThat(api.text("/metrics")).contains("onceonly_outbox_delayed 0.0");

                CanonicalTopicReader subscriber = new CanonicalTopicReader(broker.bootstrapServers(), hub.pool().jdbcUrl(),
                        hub.pool().user(), hub.pool().password());
                Schema person = SchemaCatalog.load(Path.of("schemas")).require("Person").avro();
                List<CanonicalTopicReader.Change> applied = subscriber.applied("onceonly.Person", person);

                Set<String> history = TestHubs.queryMap(hub, "SELECT source_id || '|' || row_key || '|' || position, op FROM history")
                        .keySet();
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
        } finally {
            broker.close();
        }
    }
}
