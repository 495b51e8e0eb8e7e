/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.onceonly.publish.CanonicalTopics;
import org.onceonly.schema.RecordCodec;

/**
 * A subscriber of a canonical topic as the docs describe one: reads the topic from its start, decodes each
 * value with the schema the pool registered under the fingerprint header, and keeps a change only if its
 * position is greater than the last one kept for the same source row (at-least-once in, exactly once in effect).
 */
public final class CanonicalTopicReader {
    /** One change as a subscriber applies it; {@code record} is null for a delete. */
    public record Change(String subject, String source, String row, String position, String operation, Integer schemaVersion,
                  GenericRecord record) {}

    private final String bootstrapServers;
    private final PoolView pool;
    private final Map<Long, Schema> schemas = new LinkedHashMap<>();

    /** A subscriber of the topics on {@code bootstrapServers}, reading writer schemas from {@code pool}. */
    public CanonicalTopicReader(String bootstrapServers, PoolView pool) {
        this.bootstrapServers = bootstrapServers;
        this.pool = pool;
    }

    /** Every record of the topic, in partition order, read until none has come for a second. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-subscriber-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos() && System.nanoTime() < deadline) {
                var polled = consumer.poll(Duration.ofMillis(200));
                if (!polled.isEmpty() || consumer.assignment().isEmpty()) {
                    quietSince = System.nanoTime();
                }
                polled.forEach(records::add);
            }
        }
        return records;
    }

    /** The changes a de-duplicating subscriber applies, in the order it applies them. */
    public List<Change> applied(String topic, Schema readerSchema) {
        Map<String, String> lastPosition = new LinkedHashMap<>();
        List<Change> applied = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readAll(topic)) {
            String source = CanonicalTopics.header(record, CanonicalTopics.SOURCE);
            String row = CanonicalTopics.header(record, CanonicalTopics.ROW);
            String position = CanonicalTopics.header(record, CanonicalTopics.POSITION);
            String previous = lastPosition.get(source + "|" + row);
            if (previous != null && position.compareTo(previous) <= 0) {
                continue; // a duplicate (republished after an outage) or an older change
            }
            lastPosition.put(source + "|" + row, position);
            String fingerprint = CanonicalTopics.header(record, CanonicalTopics.FINGERPRINT);
            String version = CanonicalTopics.header(record, CanonicalTopics.SCHEMA_VERSION);
            GenericRecord value = record.value() == null ? null
                    : RecordCodec.decode(record.value(), writerSchema(Long.parseLong(fingerprint)), readerSchema);
            applied.add(new Change(record.key(), source, row, position, CanonicalTopics.header(record, CanonicalTopics.OPERATION),
                    version == null ? null : Integer.valueOf(version), value));
        }
        return applied;
    }

    /** The writer schema as the pool registered it. */
    private Schema writerSchema(long fingerprint) {
        if (!schemas.containsKey(fingerprint)) {
            schemas.putAll(pool.writerSchemas());
        }
        Schema schema = schemas.get(fingerprint);
        if (schema == null) {
            throw new IllegalStateException("no registered schema has fingerprint " + fingerprint);
        }
        return schema;
    }
}
