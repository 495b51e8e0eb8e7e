/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.publish;

/**
 * The contract of the canonical change topics, for the relay and for subscribers: one topic per entity,
 * {@code <prefix><Entity>} ({@code onceonly.Person}); key = subject key (UTF-8); value = Avro binary of the
 * canonical record, written with the schema of the fingerprint header, or no value (null) for a delete;
 * headers as UTF-8 text. A subscriber applies a change only if its position is greater than the last one
 * it applied for the same source and row: the topics carry each change at least once, in order per subject.
 */
public final class CanonicalTopics {
    public static final String DEFAULT_PREFIX = "onceonly.";

    /** Avro's 64-bit parsing fingerprint of the writer schema, as a signed decimal (absent for a delete). */
    public static final String FINGERPRINT = "onceonly.fingerprint";
    /** The writer schema's version as the pool registered it, 1 for the first (absent for a delete). */
    public static final String SCHEMA_VERSION = "onceonly.schema.version";
    /** The registered source the change came from. */
    public static final String SOURCE = "onceonly.source";
    public static final String DEPARTMENT = "onceonly.department";
    /** The source row ({@code table/key}): with {@link #SOURCE}, what a position is compared within. */
    public static final String ROW = "onceonly.row";
    /** The change's position in its source's log; grows with every change of a source row. */
    public static final String POSITION = "onceonly.position";
    /** {@code c}, {@code u}, {@code r} (snapshot read) or {@code d}. */
    public static final String OPERATION = "onceonly.op";
    /** When the source committed the change (ISO-8601). */
    public static final String SOURCE_TIME = "onceonly.source.ts";

    private CanonicalTopics() {}

    public static String topic(String prefix, String entity) {
        return prefix + entity;
    }

    /** A header's text, or null when the record has none of that name. */
    public static String header(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
