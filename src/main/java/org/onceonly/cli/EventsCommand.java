/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.onceonly.hub.HubConfig;
import org.onceonly.identity.Masking;
import org.onceonly.pool.SchemaRegistry;
import org.onceonly.publish.CanonicalTopics;
import org.onceonly.schema.AvroJson;
import org.onceonly.schema.RecordCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code onceonly events ENTITY}: follows an entity's canonical topic as a subscriber would — each value
 * decoded with the schema the pool registered under its fingerprint, each change printed once (a change
 * whose position is not newer than the last one seen for its source row is a republication and skipped).
 * Identity numbers are masked: this is for watching changes flow, not for reading records.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Follow the canonical change events of an entity on Kafka (topic onceonly.<Entity>).")
final class EventsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ENTITY", description = "the canonical entity, e.g. Person")
    String entity;

    @Option(names = {"-c", "--config"}, defaultValue = "onceonly.yaml", description = "hub configuration (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--bootstrap-server", description = "Kafka brokers (default: kafka.bootstrapServers of the configuration)")
    String bootstrapServers;

    @Option(names = "--from-beginning", description = "start at the topic's oldest event instead of new ones")
    boolean fromBeginning;

    @Option(names = "--limit", defaultValue = "0", description = "stop after this many events; 0 follows until Ctrl-C (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--idle-seconds", defaultValue = "0",
            description = "stop when no event came for this long; 0 never (default: ${DEFAULT-VALUE})")
    int idleSeconds;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        HubConfig hub = HubConfig.loadOrDefaults(config);
        String brokers = bootstrapServers != null ? bootstrapServers : hub.kafka().bootstrapServers();
        if (brokers == null) {
            throw new IllegalArgumentException("no Kafka brokers: pass --bootstrap-server or set kafka.bootstrapServers in " + config);
        }
        Map<Long, Schema> schemas;
        try (PoolAccess pool = PoolAccess.open(hub)) {
            schemas = new HashMap<>(SchemaRegistry.registered(pool.database().dataSource()));
        }
        String topic = CanonicalTopics.topic(hub.kafka().publish().topicPrefix(), entity);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> settings = new HashMap<>(hub.kafka().resolvedProperties());
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "onceonly-events-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, String> lastPosition = new HashMap<>();
        int printed = 0;
        long lastEvent = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (limit == 0 || printed < limit) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    lastEvent = System.nanoTime();
                    String row = CanonicalTopics.header(record, CanonicalTopics.SOURCE) + "|" + CanonicalTopics.header(record, CanonicalTopics.ROW);
                    String position = CanonicalTopics.header(record, CanonicalTopics.POSITION);
                    String previous = lastPosition.put(row, position);
                    if (previous != null && position.compareTo(previous) <= 0) {
                        lastPosition.put(row, previous);
                        continue;
                    }
                    out.println(Masking.maskIdentityNumbers(line(record, schemas)));
                    out.flush();
                    if (limit > 0 && ++printed >= limit) {
                        break;
                    }
                }
                if (idleSeconds > 0 && System.nanoTime() - lastEvent > Duration.ofSeconds(idleSeconds).toNanos()) {
                    break;
                }
            }
        }
        return 0;
    }

    /** One event as a JSON line: the headers, and the record decoded with its registered writer schema. */
    private static String line(ConsumerRecord<String, byte[]> record, Map<Long, Schema> schemas) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("subject", record.key());
        line.put("op", CanonicalTopics.header(record, CanonicalTopics.OPERATION));
        line.put("source", CanonicalTopics.header(record, CanonicalTopics.SOURCE));
        line.put("row", CanonicalTopics.header(record, CanonicalTopics.ROW));
        line.put("position", CanonicalTopics.header(record, CanonicalTopics.POSITION));
        line.put("sourceTime", CanonicalTopics.header(record, CanonicalTopics.SOURCE_TIME));
        String version = CanonicalTopics.header(record, CanonicalTopics.SCHEMA_VERSION);
        if (version != null) {
            line.put("schemaVersion", Integer.parseInt(version));
        }
        String fingerprint = CanonicalTopics.header(record, CanonicalTopics.FINGERPRINT);
        if (record.value() != null && fingerprint != null) {
            Schema writer = schemas.get(Long.parseLong(fingerprint));
            if (writer == null) {
                line.put("error", "no schema with fingerprint " + fingerprint + " is registered in this pool");
            } else {
                GenericRecord value = RecordCodec.decode(record.value(), writer, writer);
                ObjectNode fields = line.putObject("record");
                writer.getFields().forEach(field -> fields.set(field.name(), AvroJson.toJson(value.get(field.name()))));
            }
        }
        return line.toString();
    }
}
