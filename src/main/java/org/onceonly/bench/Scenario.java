/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

/** One benchmark scenario: measures the hub and its raw baseline in the same run and records both. */
interface Scenario {
    String name();

    void run(BenchRun run, BenchResults results) throws Exception;
}
