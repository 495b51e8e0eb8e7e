/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onceonly.testkit.PoolAssert.assertPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.onceonly.source.SourceKind;
import org.onceonly.source.kafka.RawTopicSource;
import org.onceonly.testkit.ApiClient;
import org.onceonly.testkit.CanonicalTopicReader;
import org.onceonly.testkit.Department;
import org.onceonly.testkit.HubConfigFile;
import org.onceonly.testkit.HubProcess;
import org.onceonly.testkit.IdentityNumbers;
import org.onceonly.testkit.Patience;
import org.onceonly.testkit.PoolView;
import org.onceonly.testkit.TestDepartment;
import org.onceonly.testkit.TestHubs;
import org.onceonly.testkit.TestKafka;
import org.onceonly.testkit.TestKafkaConnect;
import org.onceonly.testkit.TestPool;
import org.onceonly.testkit.TestPostgres;

/**
 * Scale-out on Kafka: Debezium's PostgreSQL connector runs on a real Kafka Connect worker and writes the
 * raw change topic; two hub instances (separate JVMs) share its partitions in one consumer group and one
 * pool, which they create together at their start. One of them is killed mid-stream; the other takes its
 * partitions over.
 */
@Tag("kafka")
class ScaleOutIT {
    private static final int RESIDENTS = 300;
    private static final int UPDATES = 400;
    private static final String RAW_TOPIC = "hukou.hukou.residents";
    private static final String SOURCE = HouseholdRegisterDemo.SOURCE_ID;
    private static final int PARTITIONS = 4;

    @TempDir
    Path directory;
    @Department(residents = RESIDENTS)
    TestDepartment department;

    @Test
    void twoHubsShareTheRawTopicAndWhenOneIsKilledTheOtherFinishesWithOneVersionPerChange() throws Exception {
        try (TestPool pool = TestPool.unmigrated(TestPostgres.shared());
             TestKafka kafka = TestKafka.start();
             TestKafkaConnect connect = TestKafkaConnect.start(directory.resolve("connect"), kafka.bootstrapServers())) {
            PoolView view = pool.view();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(RAW_TOPIC, PARTITIONS, (short) 1))).all().get();
            }

            Path first = workerConfig("hub-a", pool, kafka);
            Path second = workerConfig("hub-b", pool, kafka);
            CompletableFuture<HubProcess> startingA = CompletableFuture.supplyAsync(() -> HubProcess.start(first));
            CompletableFuture<HubProcess> startingB = CompletableFuture.supplyAsync(() -> HubProcess.start(second));
            try (HubProcess hubA = startingA.join(); HubProcess hubB = startingB.join()) {
                Patience.await().ignoreExceptions().until(() -> groupMembersWithPartitions(kafka) == 2);
                connect.createConnector("hukou", debeziumPostgres(department));
                Patience.await().until(() -> view.count("Person") == RESIDENTS);
                Patience.await().untilAsserted(() -> {
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
                Patience.await().until(() -> view.versions(SOURCE) > RESIDENTS + UPDATES / 4);
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

                Patience.await().untilAsserted(() -> assertPool(view).equalsDepartment(department));
                assertPool(view).hasVersionsPerRow(SOURCE, versionsPerRow);

                // The canonical topic, as a de-duplicating subscriber reads it: each version exactly once.
                Patience.await().until(() -> view.outboxPending() == 0);
                Schema person = PoolView.projectSchema("Person");
                List<CanonicalTopicReader.Change> applied = new CanonicalTopicReader(kafka.bootstrapServers(), view)
                        .applied("onceonly.Person", person);
                assertThat(applied).extracting(c -> c.source() + "|" + c.row() + "|" + c.position()).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(view.history(null).stream()
                                .map(v -> v.sourceId() + "|" + v.rowKey() + "|" + v.position()).toList());
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
                Map.entry("database.dbname", department.databaseName()),
                Map.entry("topic.prefix", "hukou"),
                Map.entry("table.include.list", "hukou\\.residents"),
                Map.entry("plugin.name", "pgoutput"),
                Map.entry("slot.name", "onceonly_connect_hukou"),
                Map.entry("publication.name", HouseholdRegisterDemo.PUBLICATION),
                Map.entry("publication.autocreate.mode", "disabled"),
                Map.entry("decimal.handling.mode", "precise"));
    }

    /** A worker hub: no connectors of its own, the raw topic in consumer group onceonly-hub, canonical changes published. */
    private Path workerConfig(String name, TestPool pool, TestKafka kafka) throws IOException {
        Path home = directory.resolve(name);
        HubConfig config = TestHubs.config(home, Files.createDirectories(home.resolve("connectors")), pool)
                .with(HubSettings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(HubSettings.KAFKA_CONSUME_SESSION_TIMEOUT, 6000)
                .with(HubSettings.KAFKA_CONSUME_SOURCES,
                        List.of(new RawTopicSource(SOURCE, "public-security", SourceKind.POSTGRES, List.of(RAW_TOPIC))))
                .with(HubSettings.KAFKA_PUBLISH_ENABLED, true)
                .with(HubSettings.APPLY_LINGER_MS, 50);
        return HubConfigFile.write(config, home.resolve("onceonly.yaml"));
    }

    /** Members of the hubs' consumer group that have been assigned partitions of the raw topic. */
    private static long groupMembersWithPartitions(TestKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("onceonly-hub")).all().get().get("onceonly-hub");
            return group.members().stream().filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
        }
    }

    private static double eventsOf(HubProcess hub) {
        Matcher matcher = Pattern.compile("onceonly_source_events_total\\{source=\"" + SOURCE + "\"} (\\S+)")
                .matcher(new ApiClient(hub.port()).text("/metrics"));
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
