package org.onceonly.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    private final String poolJdbcUrl;
    private final String poolUser;
    private final String poolPassword;
    private final Map<Long, Schema> schemas = new LinkedHashMap<>();

    public CanonicalTopicReader(String bootstrapServers, String poolJdbcUrl, String poolUser, String poolPassword) {
        this.bootstrapServers = bootstrapServers;
        this.poolJdbcUrl = poolJdbcUrl;
        this.poolUser = poolUser;
        this.poolPassword = poolPassword;
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
        return schemas.computeIfAbsent(fingerprint, f -> {
            try (Connection connection = DriverManager.getConnection(poolJdbcUrl, poolUser, poolPassword);
                 PreparedStatement select = connection.prepareStatement("SELECT schema_json FROM schema_version WHERE fingerprint = ?")) {
                select.setLong(1, f);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("no registered schema has fingerprint " + f);
                    }
                    return new Schema.Parser().parse(row.getString(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }
}
