/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onceonly.cli.OnceOnly;

/** {@code onceonly bench --quick} runs every scenario end to end; its numbers are not asserted, its shape is. */
class BenchCommandIT {
    @TempDir
    Path directory;

    @Test
    void quickBenchWritesResultsWithExactlyTheAgreedKeys() throws Exception {
        Path results = directory.resolve("bench-results.json");

        int exit = OnceOnly.commandLine().execute("bench", "--quick", "--directory", directory.resolve("work").toString(),
                "--output", results.toString());

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(Files.readString(results));
        assertThat(keys(json)).containsExactly("snapshot", "streaming", "prefill", "memory", "machine");
        assertThat(keys(json.get("snapshot"))).containsExactly("rows", "hub_rows_per_s", "raw_rows_per_s", "ratio");
        assertThat(keys(json.get("streaming"))).containsExactly("events", "offered_per_s", "hub_events_per_s",
                "raw_events_per_s", "ratio", "latency_ms");
        assertThat(keys(json.get("streaming").get("latency_ms"))).containsExactly("p50", "p95", "p99");
        assertThat(keys(json.get("prefill"))).containsExactly("subjects", "clients", "hub_req_per_s", "latency_ms",
                "raw_lookups_per_s", "ratio", "http_alone_req_per_s");
        assertThat(keys(json.get("prefill").get("latency_ms"))).containsExactly("p50", "p99");
        assertThat(keys(json.get("memory"))).containsExactly("peak_heap_mb");
        assertThat(keys(json.get("machine"))).containsExactly("cores", "jvm", "postgresql");
        // Measured, whatever the numbers: the harness reached every baseline and the hub's side it can.
        assertThat(json.get("snapshot").get("ratio").isNumber()).isTrue();
        assertThat(json.get("streaming").get("ratio").isNumber()).isTrue();
        assertThat(json.get("streaming").get("latency_ms").get("p99").isNumber()).isTrue();
        assertThat(json.get("prefill").get("raw_lookups_per_s").isNumber()).isTrue();
        assertThat(json.get("prefill").get("http_alone_req_per_s").isNumber()).isTrue();
        assertThat(json.get("memory").get("peak_heap_mb").isNumber()).isTrue();
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
