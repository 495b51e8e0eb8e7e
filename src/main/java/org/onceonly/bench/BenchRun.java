/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import org.onceonly.hub.Hub;
import org.onceonly.pool.PoolWriter;
import org.onceonly.source.Batching;
import org.onceonly.source.SourceDefinition;

/**
 * What the scenarios share: the options, the department, the running hub (started without sources) and
 * two registrations of the same table: the hub's source and the plain engine's (its own slot).
 */
record BenchRun(BenchOptions options, Path directory, BenchDepartment department, Hub hub, HubHttp http,
                SourceDefinition hubSource, SourceDefinition rawSource, PrintStream out) {

    Batching batching() {
        return hub.config().batching();
    }

    /** Changes the hub's pool writer has finished with, whatever their outcome. */
    long hubProcessed() {
        PoolWriter writer = hub.writer();
        return writer.appliedCount() + writer.unchangedCount() + writer.staleCount() + writer.quarantinedCount();
    }

    /** A fresh offset file for one run of the plain engine. */
    Path rawOffsets(String name) {
        return directory.resolve("raw-" + name + ".offsets");
    }

    void say(String format, Object... arguments) {
        out.printf(format + "%n", arguments);
        out.flush();
    }
}
