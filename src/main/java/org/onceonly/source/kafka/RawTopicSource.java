/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.kafka;

import java.util.List;
import org.onceonly.source.SourceKind;

/**
 * A department source captured by a Debezium connector on Kafka Connect instead of by the hub: the hub
 * reads its raw change topics (one per table, {@code <topic.prefix>.<schema>.<table>}). {@code kind} says
 * how the connector writes positions and table names (PostgreSQL, or a MariaDB/MySQL binlog).
 */
public record RawTopicSource(String id, String department, SourceKind kind, List<String> topics) {
    public RawTopicSource {
        if (id == null || department == null || kind == null) {
            throw new IllegalArgumentException("a source read from raw topics needs an id, a department and a kind"
                    + (id == null ? "" : " (source " + id + ")"));
        }
        if (kind == SourceKind.JDBC_POLL) {
            throw new IllegalArgumentException("source " + id + ": raw topics come from Debezium connectors (postgres, mariadb,"
                    + " mysql); a jdbc-poll source is polled by the hub itself");
        }
        if (topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException("source " + id + " names no topics");
        }
        topics = List.copyOf(topics);
    }
}
