/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Origin;

/**
 * One row change as every source kind emits it: Debezium's {@code op}, {@code before}, {@code after} and
 * {@code key}, plus where it came from. {@code before} is null for inserts and snapshot reads,
 * {@code after} is null for deletes.
 */
public record ChangeEnvelope(Operation op, ObjectNode before, ObjectNode after, ObjectNode key, Source source) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Provenance of the change. {@code position} sorts byte-wise in the order the source wrote changes. */
    public record Source(String id, String department, String table, String position, Instant ts, boolean snapshot) {}

    /** The row image a route maps: the new state, or for a delete the last state. */
    public ObjectNode row() {
        return after != null ? after : before;
    }

    public Origin origin() {
        return new Origin(source.id(), source.department(), source.table(), key == null ? "{}" : key.toString(),
                source.position(), source.ts(), source.snapshot());
    }

    /** Reads back what {@link #toJson()} wrote (a quarantined change, for replay). */
    public static ChangeEnvelope fromJson(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(json);
            com.fasterxml.jackson.databind.JsonNode src = node.get("source");
            return new ChangeEnvelope(Operation.ofCode(node.get("op").asText()), object(node.get("before")),
                    object(node.get("after")), object(node.get("key")),
                    new Source(src.get("id").asText(), src.get("department").asText(), src.get("table").asText(),
                            src.get("position").asText(), Instant.parse(src.get("ts").asText()), src.get("snapshot").asBoolean()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NullPointerException e) {
            throw new IllegalArgumentException("not a change envelope: " + e.getClass().getSimpleName(), e);
        }
    }

    private static ObjectNode object(com.fasterxml.jackson.databind.JsonNode node) {
        return node instanceof ObjectNode object ? object : null;
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("op", op.code());
        node.set("before", before);
        node.set("after", after);
        node.set("key", key);
        ObjectNode src = node.putObject("source");
        src.put("id", source.id());
        src.put("department", source.department());
        src.put("table", source.table());
        src.put("position", source.position());
        src.put("ts", source.ts().toString());
        src.put("snapshot", source.snapshot());
        return node.toString();
    }
}
