/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.faults;

import java.nio.file.Path;
import org.onceonly.hub.HubSettings;
import org.onceonly.testkit.HubExtension;

/**
 * The hub a fault case runs: its own process (so that it can be killed), batches that leave after 50 ms, and
 * a source probe every second so that status follows an outage within seconds; its log is kept under
 * {@code target/fault-logs/} for post-mortems and docs/reliability.md.
 */
final class FaultHubs {
    static final Path LOGS = Path.of("target", "fault-logs");

    private FaultHubs() {}

    /** A hub process for the fault suite, started before the tests on the class's department. */
    static HubExtension process() {
        return HubExtension.ownProcess().keepingLogsIn(LOGS).configuredBy(config -> config.with(HubSettings.WATCH_PROBE_INTERVAL, 1).with(HubSettings.APPLY_LINGER_MS, 50));
    }
}
