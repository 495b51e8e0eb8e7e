/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How a {@code jdbc-poll} source polls, for all its tables: the pause between polls once caught up, the
 * most rows read per query (and so per batch handed on), and the time zone in which the database writes
 * timestamps without a zone (used only to place a timestamp watermark on the time line for
 * {@code source.ts}).
 */
public record PollSettings(Duration interval, int batchSize, ZoneId timeZone) {
    public static final int MAX_BATCH_SIZE = 50_000;

    public PollSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeZone, "timeZone");
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("poll.intervalMs must be at least 10, not " + interval.toMillis());
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("poll.batchSize must be between 1 and " + MAX_BATCH_SIZE + ", not " + batchSize);
        }
    }

    /** One poll a second, 1000 rows a batch, timestamps in the hub's own time zone. */
    public static PollSettings defaults() {
        return new PollSettings(Duration.ofSeconds(1), 1000, ZoneId.systemDefault());
    }
}
