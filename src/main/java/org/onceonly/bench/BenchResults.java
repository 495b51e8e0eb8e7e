/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The results, in the shape {@code bench-results.json} keeps from run to run: exactly the sections
 * {@code snapshot}, {@code streaming}, {@code prefill}, {@code memory} and {@code machine}, each with its
 * fixed keys. A value not measured is null, never made up.
 */
final class BenchResults {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectNode root = JSON.createObjectNode();

    BenchResults() {
        snapshot(0, null, null);
        streaming(0, null, null, null, new Latencies());
        prefill(0, 0, null, new Latencies(), null, null);
        memory(null);
        machine(Runtime.getRuntime().availableProcessors(), null, null);
    }

    void snapshot(long rows, Double hubRowsPerSecond, Double rawRowsPerSecond) {
        ObjectNode node = root.putObject("snapshot");
        node.put("rows", rows);
        number(node, "hub_rows_per_s", hubRowsPerSecond);
        number(node, "raw_rows_per_s", rawRowsPerSecond);
        number(node, "ratio", ratio(hubRowsPerSecond, rawRowsPerSecond));
    }

    void streaming(int events, Double offeredPerSecond, Double hubEventsPerSecond, Double rawEventsPerSecond, Latencies latency) {
        ObjectNode node = root.putObject("streaming");
        node.put("events", events);
        number(node, "offered_per_s", offeredPerSecond);
        number(node, "hub_events_per_s", hubEventsPerSecond);
        number(node, "raw_events_per_s", rawEventsPerSecond);
        number(node, "ratio", ratio(hubEventsPerSecond, rawEventsPerSecond));
        ObjectNode latencyNode = node.putObject("latency_ms");
        number(latencyNode, "p50", latency.percentileMillis(50));
        number(latencyNode, "p95", latency.percentileMillis(95));
        number(latencyNode, "p99", latency.percentileMillis(99));
    }

    /** {@code httpAlonePerSecond}: the hub's HTTP layer answering from memory, the same clients (context, no target). */
    void prefill(int subjects, int clients, Double hubRequestsPerSecond, Latencies latency, Double rawLookupsPerSecond,
                 Double httpAlonePerSecond) {
        ObjectNode node = root.putObject("prefill");
        node.put("subjects", subjects);
        node.put("clients", clients);
        number(node, "hub_req_per_s", hubRequestsPerSecond);
        ObjectNode latencyNode = node.putObject("latency_ms");
        number(latencyNode, "p50", latency.percentileMillis(50));
        number(latencyNode, "p99", latency.percentileMillis(99));
        number(node, "raw_lookups_per_s", rawLookupsPerSecond);
        number(node, "ratio", ratio(hubRequestsPerSecond, rawLookupsPerSecond));
        number(node, "http_alone_req_per_s", httpAlonePerSecond);
    }

    void memory(Long peakHeapMegabytes) {
        ObjectNode node = root.putObject("memory");
        if (peakHeapMegabytes == null) {
            node.putNull("peak_heap_mb");
        } else {
            node.put("peak_heap_mb", peakHeapMegabytes);
        }
    }

    void machine(int cores, String jvm, String postgresql) {
        ObjectNode node = root.putObject("machine");
        node.put("cores", cores);
        node.put("jvm", jvm);
        node.put("postgresql", postgresql);
    }

    JsonNode json() {
        return root;
    }

    void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JSON.writeValueAsString(root) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The table a person reads: each measure, the hub, the baseline, their ratio and the target. */
    void print(PrintStream out) {
        JsonNode s = root.get("snapshot");
        JsonNode t = root.get("streaming");
        JsonNode p = root.get("prefill");
        String row = "%-10s %-44s %12s %12s %7s  %s%n";
        out.printf(row, "scenario", "measure", "hub", "raw", "ratio", "target");
        out.printf(row, "snapshot", "rows/s, " + s.get("rows").asLong() + " rows", text(s, "hub_rows_per_s"),
                text(s, "raw_rows_per_s"), text(s, "ratio"), "ratio >= 0.5");
        out.printf(row, "streaming", "events/s, burst of " + t.get("events").asLong(), text(t, "hub_events_per_s"),
                text(t, "raw_events_per_s"), text(t, "ratio"), "");
        JsonNode latency = t.get("latency_ms");
        out.printf(row, "", "commit to API, ms p50/p95/p99 at " + text(t, "offered_per_s") + "/s",
                text(latency, "p50") + "/" + text(latency, "p95") + "/" + text(latency, "p99"), "", "", "p99 <= 1000 ms");
        out.printf(row, "prefill", "req/s vs PK lookups/s, " + p.get("clients").asInt() + " clients", text(p, "hub_req_per_s"),
                text(p, "raw_lookups_per_s"), text(p, "ratio"), "ratio >= 0.3");
        JsonNode prefillLatency = p.get("latency_ms");
        out.printf(row, "", "latency ms p50/p99", text(prefillLatency, "p50") + "/" + text(prefillLatency, "p99"), "", "",
                "p99 <= 20 ms");
        out.printf(row, "", "req/s over HTTP alone (form definition)", text(p, "http_alone_req_per_s"), "", "", "");
        out.printf(row, "memory", "peak heap MB during the snapshot", text(root.get("memory"), "peak_heap_mb"), "", "",
                "<= 512 MB");
        JsonNode m = root.get("machine");
        out.printf("machine: %d cores, %s, PostgreSQL %s%n", m.get("cores").asInt(), m.get("jvm").asText(), m.get("postgresql").asText());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "-";
        }
        double number = value.asDouble();
        return number >= 100 ? String.format("%,.0f", number) : String.format("%.2f", number);
    }

    private static Double ratio(Double hub, Double raw) {
        return hub == null || raw == null || raw == 0 ? null : hub / raw;
    }

    private static void number(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 100) / 100.0);
        }
    }
}
