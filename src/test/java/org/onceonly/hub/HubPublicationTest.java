package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.cli.OnceOnly;
import org.onceonly.demo.KafkaBroker;
import org.onceonly.pool.Outbox;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.CanonicalTopicReader;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;
import picocli.CommandLine;

/**
 * The hub publishes every committed pool change to its canonical topic through the outbox relay: each
 * change once in effect, decodable with the registered schema, and a broker outage delays it, losing nothing.
 */
@Tag("kafka")
class HubPublicationTest {
    private static final int RESIDENTS = 40;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path directory;
    static int port;
    static int controllerPort;
    static KafkaBroker broker;
    static TestDepartment department;
    static HubConfig config;
    static Hub hub;
    static ApiClient api;

    @BeforeAll
    static void start() {
        port = TestHubs.freePort();
        controllerPort = TestHubs.freePort();
        broker = KafkaBroker.start(directory.resolve("kafka"), port, controllerPort);
        department = TestDepartment.start(directory, RESIDENTS);
        config = TestHubs.config(directory, department.connectors()).withKafka(new HubConfig.Kafka(
                broker.bootstrapServers(), Map.of(), null, new HubConfig.Publish(true, "onceonly.", 50)));
        hub = Hub.start(config);
        api = new ApiClient(config.httpPort());
        await().atMost(PATIENCE).until(() -> TestHubs.count(hub, "SELECT count(*) FROM golden_record") == RESIDENTS
                && Outbox.pending(hub.pool().dataSource()) == 0);
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (department != null) {
            department.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyPoolChangeReachesTheCanonicalTopicOnceInEffectAcrossABrokerOutage() {
        long publishedBefore = hub.relay().orElseThrow().publishedCount();
        long historyBefore = TestHubs.count(hub, "SELECT count(*) FROM history");
        assertThat(publishedBefore).isEqualTo(historyBefore);

        broker.kill();
        for (long id = 1; id <= 10; id++) {
            department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", "停电期间地址" + id, id);
        }
        department.execute("DELETE FROM hukou.residents WHERE id = ?", 11L);
        await().atMost(PATIENCE).until(() -> TestHubs.count(hub, "SELECT count(*) FROM history") == historyBefore + 11);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(api.text("/metrics")).contains("onceonly_outbox_delayed 1.0");
            assertThat(Outbox.pending(hub.pool().dataSource())).isEqualTo(11);
        });

        broker = KafkaBroker.start(directory.resolve("kafka"), port, controllerPort);
        await().atMost(PATIENCE).until(() -> Outbox.pending(hub.pool().dataSource()) == 0);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(api.text("/metrics")).contains("onceonly_outbox_delayed 0.0"));

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

    @Test
    void eventsCommandPrintsDecodedChangesWithIdentityNumbersMasked() throws Exception {
        Path poolPassword = Files.writeString(directory.resolve("pool.password"), hub.pool().password());
        Path hubFile = Files.writeString(directory.resolve("events.yaml"), """
                pool:
                  jdbcUrl: %s
                  user: %s
                  password: ${file:%s}
                kafka:
                  bootstrapServers: %s
                """.formatted(hub.pool().jdbcUrl(), hub.pool().user(), poolPassword, broker.bootstrapServers()));
        StringWriter out = new StringWriter();
        CommandLine command = OnceOnly.commandLine();
        command.setOut(new PrintWriter(out));

        int exit = command.execute("events", "Person", "--config", hubFile.toString(), "--from-beginning", "--limit", "5");

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
