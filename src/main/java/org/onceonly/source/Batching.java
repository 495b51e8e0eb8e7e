/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

/**
 * How change-log sources cut their stream into batches for the pool: at most {@code maxSize} changes,
 * and a batch waits at most {@code lingerMs} for more changes before it goes. Larger batches mean fewer
 * pool transactions; a longer linger means higher latency when traffic is light.
 */
public record Batching(int maxSize, int lingerMs) {
    public static final Batching DEFAULT = new Batching(2048, 100);

    public Batching {
        if (maxSize < 1 || maxSize > 65_536) {
            throw new IllegalArgumentException("apply.batchSize must be from 1 to 65536, not " + maxSize);
        }
        if (lingerMs < 0 || lingerMs > 60_000) {
            throw new IllegalArgumentException("apply.lingerMs must be from 0 to 60000, not " + lingerMs);
        }
    }
}
