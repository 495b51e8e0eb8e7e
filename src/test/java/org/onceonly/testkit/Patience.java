/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.testkit;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * How long tests wait for what the hub does on its own time — a snapshot, a change reaching the pool or the
 * API, a restart, a recovery — on a busy two-core machine. A wait ends as soon as its condition holds, so
 * a generous bound costs a passing test nothing; it only decides how long a failing one takes to say so.
 */
public final class Patience {
    /** A change, a snapshot, a restart or a recovery showing in the pool, the API or a status. */
    public static final Duration FLOW = Duration.ofSeconds(120);
    /** The pool catching up after a sustained load run (up to 30 minutes of changes). */
    public static final Duration DRAIN = Duration.ofSeconds(180);
    /** A server or process starting, or shutting down. */
    public static final Duration STARTUP = Duration.ofSeconds(120);

    private Patience() {}

    /** Awaitility, waiting at most {@link #FLOW}. */
    public static ConditionFactory await() {
        return Awaitility.await().atMost(FLOW);
    }
}
