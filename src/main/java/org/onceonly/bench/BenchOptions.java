/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import java.time.Duration;

/**
 * What the benchmark measures: {@code rows} in the snapshot, {@code events} streamed (both as a burst
 * and offered at {@code offeredPerSecond}), and prefill for {@code subjects} subjects by {@code clients}
 * concurrent clients for {@code prefillTime}, each side after a warm-up that waits for the JIT for at most
 * {@code warmUpLimit} ({@link JitWarmUp}; zero: a fixed warm-up).
 */
record BenchOptions(long rows, int events, int offeredPerSecond, int subjects, int clients, Duration prefillTime,
                    Duration warmUpLimit) {
    static final BenchOptions FULL = new BenchOptions(1_000_000, 60_000, 2_000, 10_000, 16, Duration.ofSeconds(15), Duration.ofMinutes(3));
    /** About a minute on two cores: keeps the harness working in CI; its numbers mean little, so it does not wait for the JIT. */
    static final BenchOptions QUICK = new BenchOptions(20_000, 4_000, 2_000, 2_000, 4, Duration.ofSeconds(2), Duration.ZERO);

    BenchOptions {
        if (rows < 1 || events < 1 || offeredPerSecond < 1 || subjects < 1 || clients < 1) {
            throw new IllegalArgumentException("--rows, --events, --rate, --subjects and --clients must be 1 or more");
        }
        subjects = (int) Math.min(subjects, rows);
    }
}
