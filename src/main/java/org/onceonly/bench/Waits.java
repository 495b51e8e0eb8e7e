/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling waits for the benchmark's own completion checks (in-memory counters, so a short poll costs nothing). */
final class Waits {
    private static final long POLL_MILLIS = 2;

    private Waits() {}

    /** Polls {@code condition} until it holds (true) or {@code patience} runs out (false). */
    static boolean until(BooleanSupplier condition, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
