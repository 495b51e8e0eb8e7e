package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.demo.HouseholdRegisterDemo;
import org.onceonly.demo.KafkaBroker;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.CanonicalTopicReader;
import org.onceonly.testkit.HubProcess;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;
import org.onceonly.testkit.TestKafkaConnect;

/**
 * Scale-out on Kafka: Debezium's PostgreSQL connector runs on a real Kafka Connect worker and writes the
 * raw change topic; two hub instances (separate JVMs) share its partitions in one consumer group and one
 * pool. One of them is killed mid-stream; the other takes its partitions over.
 */
@Tag("kafka")
class ScaleOutTest {
    private static final int RESIDENTS = 300;
    private static final int UPDATES = 400;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Pattern ROW_ID = Pattern.compile("\\{\"id\":(\\d+)}");
    private static final String POOL_PASSWORD = "embedded";
    private static final String RAW_TOPIC = "hukou.hukou.residents";
    private static final int PARTITIONS = 4;

    @TempDir
    Path directory;

    @Test
    void twoHubsShareTheRawTopicAndWhenOneIsKilledTheOtherFinishesWithOneVersionPerChange() throws Exception {
        try (TestDepartment department = TestDepartment.start(directory, RESIDENTS);
             EmbeddedPostgresServer poolServer = EmbeddedPostgresServer.start(directory.resolve("pool"), 0);
             KafkaBroker broker = KafkaBroker.start(directory.resolve("kafka"), TestHubs.freePort(), TestHubs.freePort());
             TestKafkaConnect connect = TestKafkaConnect.start(directory.resolve("connect"), broker.bootstrapServers())) {
            poolServer.ensureDatabase("onceonly");
            String poolUrl = poolServer.jdbcUrl("onceonly");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(RAW_TOPIC, PARTITIONS, (short) 1))).all().get();
            }

            Path first = workerConfig("hub-a", poolUrl, broker);
            Path second = workerConfig("hub-b", poolUrl, broker);
            CompletableFuture<HubProcess> startingA = CompletableFuture.supplyAsync(() -> HubProcess.start(first));
            CompletableFuture<HubProcess> startingB = CompletableFuture.supplyAsync(() -> HubProcess.start(second));
            try (HubProcess hubA = startingA.join(); HubProcess hubB = startingB.join()) {
                await().atMost(PATIENCE).ignoreExceptions().until(() -> groupMembersWithPartitions(broker) == 2);
                connect.createConnector("hukou", debeziumPostgres(department));
                await().atMost(PATIENCE).until(() -> count(poolUrl, "SELECT count(*) FROM golden_record") == RESIDENTS);
                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(eventsOf(hubA)).as("hub A read partitions of the raw topic").isPositive();
                    assertThat(eventsOf(hubB)).as("hub B read partitions of the raw topic").isPositive();
                });

                Map<Long, Integer> versionsPerRow = new HashMap<>();
                for (long id = 1; id <= RESIDENTS; id++) {
                    versionsPerRow.put(id, 1); // the snapshot read
                }
                Random random = new Random(11);
                Thread writer = new Thread(() -> {
                    for (int i = 0; i < UPDATES; i++) {
                        long id = 1 + random.nextInt(RESIDENTS);
                        department.execute("UPDATE hukou.residents SET hjdz = ?, gxsj = now() WHERE id = ?", "扩容测试地址" + i, id);
                        synchronized (versionsPerRow) {
                            versionsPerRow.merge(id, 1, Integer::sum);
                        }
                    }
                });
                writer.start();
                await().atMost(PATIENCE).until(() -> count(poolUrl, "SELECT count(*) FROM history") > RESIDENTS + UPDATES / 4);
                hubB.kill();
                writer.join();
                // A change on every row, so on every partition: hub B's partitions must move to hub A.
                department.execute("UPDATE hukou.residents SET hjdz = hjdz || '（迁）', gxsj = now()");
                versionsPerRow.replaceAll((id, versions) -> versions + 1);
                department.execute("INSERT INTO hukou.residents (id, sfzh, xm, xb, mz, csrq, hjdz) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        9_001L, IdentityNumbers.valid("320102", "20010203", 222), "测试戊", "1", "01", "20010203", "南京市鼓楼区");
                versionsPerRow.put(9_001L, 1);
                department.execute("DELETE FROM hukou.residents WHERE id = ?", 7L);
                versionsPerRow.merge(7L, 1, Integer::sum);

                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(poolAddresses(poolUrl)).isEqualTo(department.addressesByIdentityNumber()));
                Map<Long, Integer> history = new HashMap<>();
                queryMap(poolUrl, "SELECT row_key, count(*) FROM history GROUP BY row_key").forEach((rowKey, count) -> {
                    Matcher matcher = ROW_ID.matcher(rowKey);
                    assertThat(matcher.find()).as("row key %s", rowKey).isTrue();
                    history.put(Long.parseLong(matcher.group(1)), Integer.parseInt(count));
                });
                assertThat(history).isEqualTo(versionsPerRow);

                // The canonical topic, as a de-duplicating subscriber reads it: each version exactly once.
                await().atMost(PATIENCE).until(() -> count(poolUrl, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0);
                Schema person = SchemaCatalog.load(Path.of("schemas")).require("Person").avro();
                List<CanonicalTopicReader.Change> applied = new CanonicalTopicReader(broker.bootstrapServers(), poolUrl,
                        EmbeddedPostgresServer.SUPERUSER, POOL_PASSWORD).applied("onceonly.Person", person);
                assertThat(applied).extracting(c -> c.source() + "|" + c.row() + "|" + c.position()).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(queryMap(poolUrl,
                                "SELECT source_id || '|' || row_key || '|' || position, op FROM history").keySet());
                Map<String, String> published = new HashMap<>();
                applied.forEach(change -> {
                    if (change.record() == null) {
                        published.remove(change.subject());
                    } else {
                        published.put(change.subject(), String.valueOf(change.record().get("registeredAddress")));
                    }
                });
                assertThat(published).isEqualTo(department.addressesByIdentityNumber());
            }
        }
    }

    /** Debezium's PostgreSQL connector on Kafka Connect, set up as docs/scale-out.md describes. */
    private static Map<String, String> debeziumPostgres(TestDepartment department) throws IOException {
        return Map.ofEntries(
                Map.entry("connector.class", "io.debezium.connector.postgresql.PostgresConnector"),
                Map.entry("database.hostname", "127.0.0.1"),
                Map.entry("database.port", Integer.toString(department.port())),
                Map.entry("database.user", HouseholdRegisterDemo.CAPTURE_ROLE),
                Map.entry("database.password", Files.readString(department.captureSecret()).strip()),
                Map.entry("database.dbname", HouseholdRegisterDemo.DATABASE),
                Map.entry("topic.prefix", "hukou"),
                Map.entry("table.include.list", "hukou\\.residents"),
                Map.entry("plugin.name", "pgoutput"),
                Map.entry("slot.name", "onceonly_connect_hukou"),
                Map.entry("publication.name", HouseholdRegisterDemo.PUBLICATION),
                Map.entry("publication.autocreate.mode", "disabled"),
                Map.entry("decimal.handling.mode", "precise"));
    }

    private Path workerConfig(String name, String poolUrl, KafkaBroker broker) throws IOException {
        Path home = directory.resolve(name);
        Files.createDirectories(home.resolve("connectors"));
        Path secret = Files.writeString(home.resolve("pool.password"), POOL_PASSWORD);
        TestHubs.writeClients(home.resolve("clients"));
        return Files.writeString(home.resolve("onceonly.yaml"), """
                dataDirectory: %s
                http:
                  port: %d
                pool:
                  jdbcUrl: %s
                  user: %s
                  password: ${file:%s}
                connectors: %s
                clients: %s
                apply:
                  lingerMs: 50
                kafka:
                  bootstrapServers: %s
                  consume:
                    groupId: onceonly-hub
                    sessionTimeoutMs: 6000
                    sources:
                      - id: %s
                        department: public-security
                        kind: postgres
                        topics: [%s]
                  publish:
                    enabled: true
                """.formatted(home, TestHubs.freePort(), poolUrl, EmbeddedPostgresServer.SUPERUSER, secret, home.resolve("connectors"),
                home.resolve("clients"), broker.bootstrapServers(), HouseholdRegisterDemo.SOURCE_ID, RAW_TOPIC));
    }

    /** Members of the hubs' consumer group that have been assigned partitions of the raw topic. */
    private static long groupMembersWithPartitions(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("onceonly-hub")).all().get().get("onceonly-hub");
            return group.members().stream().filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
        }
    }

    private static double eventsOf(HubProcess hub) {
        Matcher matcher = Pattern.compile("onceonly_source_events_total\\{source=\"" + HouseholdRegisterDemo.SOURCE_ID + "\"} (\\S+)")
                .matcher(new ApiClient(hub.port()).text("/metrics"));
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static Map<String, String> poolAddresses(String poolUrl) throws SQLException {
        return queryMap(poolUrl, "SELECT subject_key, fields->'registeredAddress'->>'value' FROM golden_record WHERE entity = 'Person'");
    }

    private static long count(String poolUrl, String sql) throws SQLException {
        return Long.parseLong(queryMap(poolUrl, "SELECT 'n', (" + sql + ")::text").get("n"));
    }

    private static Map<String, String> queryMap(String poolUrl, String sql) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(poolUrl, EmbeddedPostgresServer.SUPERUSER, POOL_PASSWORD);
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                out.put(rows.getString(1), rows.getString(2));
            }
        }
        return out;
    }
}
