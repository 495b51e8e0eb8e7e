/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds and their percentiles in milliseconds (nearest-rank on the sorted samples). */
final class Latencies {
    private long[] samples = new long[1024];
    private int count;

    synchronized void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    synchronized void addAll(Latencies other) {
        long[] theirs;
        int theirCount;
        synchronized (other) {
            theirs = other.samples;
            theirCount = other.count;
        }
        for (int i = 0; i < theirCount; i++) {
            add(theirs[i]);
        }
    }

    synchronized int count() {
        return count;
    }

    /** The {@code percentile} (0-100) in milliseconds, or null without samples. */
    synchronized Double percentileMillis(double percentile) {
        if (count == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1_000_000.0;
    }
}
