/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.debezium;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns Debezium's Kafka Connect rows into plain JSON with ISO text for temporal values, so that routes
 * see {@code 2024-03-01} rather than epoch days, whichever database the row came from.
 */
final class ConnectRowConverter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConnectRowConverter() {}

    static ObjectNode toJson(Struct struct) {
        if (struct == null) {
            return null;
        }
        ObjectNode node = NODES.objectNode();
        for (Field field : struct.schema().fields()) {
            put(node, field.name(), field.schema(), struct.get(field));
        }
        return node;
    }

    private static void put(ObjectNode node, String name, Schema schema, Object value) {
        if (value == null) {
            node.putNull(name);
            return;
        }
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date" -> {
                    node.put(name, value instanceof java.util.Date d
                            ? LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC).toString()
                            : LocalDate.ofEpochDay(((Number) value).longValue()).toString());
                    return;
                }
                case "io.debezium.time.Timestamp" -> {
                    node.put(name, LocalDateTime.ofInstant(Instant.ofEpochMilli((Long) value), ZoneOffset.UTC).toString());
                    return;
                }
                case "io.debezium.time.MicroTimestamp" -> {
                    long micros = (Long) value;
                    node.put(name, LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                            (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC).toString());
                    return;
                }
                case "io.debezium.time.NanoTimestamp" -> {
                    long nanos = (Long) value;
                    node.put(name, LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                            (int) Math.floorMod(nanos, 1_000_000_000L), ZoneOffset.UTC).toString());
                    return;
                }
                case "io.debezium.time.MicroTime" -> {
                    node.put(name, LocalTime.ofNanoOfDay((Long) value * 1000).toString());
                    return;
                }
                case "io.debezium.time.Time" -> {
                    node.put(name, LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L).toString());
                    return;
                }
                case "org.apache.kafka.connect.data.Timestamp" -> {
                    node.put(name, ((java.util.Date) value).toInstant().toString());
                    return;
                }
                case Decimal.LOGICAL_NAME -> {
                    node.put(name, (BigDecimal) value);
                    return;
                }
                default -> { }
            }
        }
        switch (schema.type()) {
            case INT8, INT16, INT32, INT64 -> node.put(name, ((Number) value).longValue());
            case FLOAT32, FLOAT64 -> node.put(name, ((Number) value).doubleValue());
            case BOOLEAN -> node.put(name, (Boolean) value);
            case STRING -> node.put(name, value.toString());
            case BYTES -> node.put(name, Base64.getEncoder().encodeToString(bytes(value)));
            case STRUCT -> node.set(name, toJson((Struct) value));
            case ARRAY -> {
                ArrayNode array = node.putArray(name);
                for (Object item : (List<?>) value) {
                    ObjectNode holder = NODES.objectNode();
                    put(holder, "v", schema.valueSchema(), item);
                    array.add(holder.get("v"));
                }
            }
            default -> node.put(name, value.toString());
        }
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] out = new byte[buffer.remaining()];
            buffer.duplicate().get(out);
            return out;
        }
        return (byte[]) value;
    }
}
