/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Numbers read off one scrape of the hub's {@code /metrics} (Prometheus text). */
record HubMetricsScrape(double liveDataBytes, double heapUsedBytes, double liveThreads, double lagSeconds) {
    private static final Pattern LIVE_DATA = Pattern.compile("(?m)^jvm_gc_live_data_size_bytes(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$");
    private static final Pattern THREADS = Pattern.compile("(?m)^jvm_threads_live_threads(?:\\{[^}]*})? (\\S+)$");

    static HubMetricsScrape of(String text, String sourceId) {
        Matcher heap = HEAP_USED.matcher(text);
        double heapUsed = 0;
        while (heap.find()) {
            heapUsed += Double.parseDouble(heap.group(1));
        }
        Pattern lag = Pattern.compile("(?m)^onceonly_source_lag_seconds\\{source=\"" + Pattern.quote(sourceId) + "\"} (\\S+)$");
        return new HubMetricsScrape(first(LIVE_DATA, text), heapUsed, first(THREADS, text), first(lag, text));
    }

    private static double first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("the hub's /metrics has no " + pattern.pattern());
        }
        return Double.parseDouble(matcher.group(1));
    }
}
