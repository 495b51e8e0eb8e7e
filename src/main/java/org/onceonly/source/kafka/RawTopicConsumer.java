/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.onceonly.source.BatchDelivery;
import org.onceonly.source.Batching;
import org.onceonly.source.ChangeEnvelope;
import org.onceonly.source.ChangeHandler;
import org.onceonly.source.SourceState;
import org.onceonly.source.SourceStatus;
import org.onceonly.source.debezium.ConnectChangeEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker mode: instead of running Debezium itself, the hub reads the raw change topics that Debezium
 * connectors on Kafka Connect write (JSON converter with schemas), as one member of a consumer group, so
 * that the topics' partitions are shared among the hub instances and a dead instance's partitions move to
 * the others. Each polled batch becomes the same {@link ChangeEnvelope}s the embedded engine makes and goes
 * to the {@link ChangeHandler} (routes, then one pool transaction); the Kafka offsets of the batch are
 * committed only after the handler returned. A redelivered change is harmless: the pool applies by position.
 */
public final class RawTopicConsumer extends RouteBuilder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RawTopicConsumer.class);
    public static final String ROUTE_ID = "raw-topics";

    /**
     * @param groupId          the consumer group every hub instance joins
     * @param sessionTimeoutMs how long the group waits for a silent (dead) member before moving its partitions
     * @param batching         a batch is at most {@code maxSize} records; a poll waits {@code lingerMs} for records
     */
    public record Settings(String groupId, int sessionTimeoutMs, Batching batching) {
        public Settings {
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("kafka.consume.groupId is required");
            }
            if (sessionTimeoutMs < 1000 || sessionTimeoutMs > 300_000) {
                throw new IllegalArgumentException("kafka.consume.sessionTimeoutMs must be from 1000 to 300000, not " + sessionTimeoutMs);
            }
        }
    }

    private final Settings settings;
    private final Map<String, RawTopicSource> sourceByTopic = new LinkedHashMap<>();
    private final Map<String, ConnectChangeEvents> eventsBySource = new HashMap<>();
    private final Map<String, SourceStatus> statusBySource = new LinkedHashMap<>();
    private final SourceStatus groupStatus;
    private final BatchDelivery delivery;
    private final JsonConverter keys = converter(true);
    private final JsonConverter values = converter(false);

    public RawTopicConsumer(Settings settings, List<RawTopicSource> sources, ChangeHandler handler) {
        this.settings = settings;
        for (RawTopicSource source : sources) {
            for (String topic : source.topics()) {
                RawTopicSource other = sourceByTopic.put(topic, source);
                if (other != null) {
                    throw new IllegalArgumentException("topic " + topic + " is named by sources " + other.id() + " and " + source.id());
                }
            }
            eventsBySource.put(source.id(), new ConnectChangeEvents(source.id(), source.department(), source.kind()));
            statusBySource.put(source.id(), new SourceStatus(source.id()));
        }
        if (sourceByTopic.isEmpty()) {
            throw new IllegalArgumentException("kafka.consume names no sources");
        }
        this.groupStatus = new SourceStatus("kafka:" + settings.groupId());
        this.delivery = new BatchDelivery(groupStatus.sourceId(), handler, groupStatus);
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "true"), isKey);
        return converter;
    }

    @Override
    public void configure() {
        // The component named "kafka" carries the brokers and client settings; these are the consumer's.
        String uri = "kafka:" + String.join(",", sourceByTopic.keySet()) + "?groupId=" + settings.groupId()
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true"
                + "&batching=true&maxPollRecords=" + settings.batching().maxSize()
                + "&pollTimeoutMs=" + Math.max(10, settings.batching().lingerMs())
                + "&sessionTimeoutMs=" + settings.sessionTimeoutMs()
                + "&heartbeatIntervalMs=" + Math.max(500, settings.sessionTimeoutMs() / 3)
                + "&keyDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer";
        from(uri).routeId(ROUTE_ID).process(this::deliver);
    }

    /**
     * One polled batch: decoded, delivered until the pool committed it (retrying with back-off, since a
     * failed exchange would be skipped by the consumer), then its offsets committed partition by partition.
     */
    private void deliver(Exchange batch) throws InterruptedException {
        List<?> records = batch.getMessage().getBody(List.class);
        List<ChangeEnvelope> envelopes = new ArrayList<>(records.size());
        Map<String, KafkaManualCommit> lastPerPartition = new LinkedHashMap<>();
        for (Object item : records) {
            Message record = ((Exchange) item).getMessage();
            String topic = record.getHeader(KafkaConstants.TOPIC, String.class);
            String partition = topic + "/" + record.getHeader(KafkaConstants.PARTITION);
            ChangeEnvelope envelope;
            try {
                envelope = envelope(topic, record.getHeader(KafkaConstants.KEY, byte[].class), record.getBody(byte[].class));
            } catch (org.apache.kafka.connect.errors.DataException e) {
                halt(partition + " offset " + record.getHeader(KafkaConstants.OFFSET), e);
                return;
            }
            if (envelope != null) {
                envelopes.add(envelope);
            }
            lastPerPartition.put(partition, record.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class));
        }
        if (!envelopes.isEmpty()) {
            delivery.deliver(envelopes);
            groupStatus.state(SourceState.STREAMING);
            countDelivered(envelopes);
        }
        for (Map.Entry<String, KafkaManualCommit> partition : lastPerPartition.entrySet()) {
            try {
                partition.getValue().commit();
            } catch (RuntimeException e) {
                // The partition moved to another member meanwhile (a rebalance): it resumes from the last
                // committed offset, and the pool drops what this instance already applied.
                LOG.warn("committing the offset of {} failed: {}", partition.getKey(), e.getMessage());
            }
        }
    }

    private ChangeEnvelope envelope(String topic, byte[] key, byte[] value) {
        RawTopicSource source = sourceByTopic.get(topic);
        if (source == null || value == null) {
            return null; // a tombstone after a delete, or a topic no source names
        }
        Object keyData = key == null ? null : keys.toConnectData(topic, key).value();
        return eventsBySource.get(source.id()).envelope(keyData, values.toConnectData(topic, value).value());
    }

    /**
     * A record that cannot be read as a Debezium change event (a converter set up otherwise) is never skipped:
     * consumption stops before it, nothing after it is committed, and the status says why, until the hub is
     * stopped, reconfigured and started again.
     */
    private void halt(String where, Exception error) throws InterruptedException {
        groupStatus.failed(new IllegalStateException(where + " is not a Debezium change event in the JSON"
                + " converter's format with schemas (value.converter.schemas.enable=true): " + error.getMessage()));
        LOG.error("raw topics: consumption stopped: {}", groupStatus.lastError());
        while (!delivery.pause(BatchDelivery.MAX_BACKOFF)) {
            LOG.error("raw topics: consumption still stopped at {}", where);
        }
        throw new InterruptedException("stopping; " + where + " stays uncommitted");
    }

    private void countDelivered(List<ChangeEnvelope> envelopes) {
        Map<String, List<ChangeEnvelope>> bySource = new LinkedHashMap<>();
        envelopes.forEach(e -> bySource.computeIfAbsent(e.source().id(), id -> new ArrayList<>()).add(e));
        bySource.forEach((id, changes) -> {
            ChangeEnvelope last = changes.get(changes.size() - 1);
            SourceStatus status = statusBySource.get(id);
            status.state(last.source().snapshot() ? SourceState.SNAPSHOTTING : SourceState.STREAMING);
            status.applied(changes.size(), last.source().position(), last.source().ts());
        });
    }

    /** The status of each source read from raw topics, and of the consumer as a whole (retrying, last error). */
    public List<SourceStatus> statuses() {
        List<SourceStatus> all = new ArrayList<>(statusBySource.values());
        all.add(groupStatus);
        return all;
    }

    /** Ends a back-off wait, so that the route can stop; a batch not yet in the pool stays uncommitted. */
    @Override
    public void close() {
        delivery.stop();
    }
}
