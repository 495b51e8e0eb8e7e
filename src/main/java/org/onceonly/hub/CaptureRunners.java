/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.hub;

import java.util.List;
import org.onceonly.source.Batching;
import org.onceonly.source.ChangeHandler;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceRunner;
import org.onceonly.source.SourceStatus;
import org.onceonly.source.debezium.DebeziumSourceRunner;
import org.onceonly.source.poll.JdbcPollSourceRunner;
import org.onceonly.source.poll.PollOffsets;

/**
 * The capture implementations this hub runs: Debezium's embedded engine for databases with a change log,
 * the poller for those without. Chosen here, in the composition root, so that {@code source} knows only the
 * {@link SourceRunner} contract and its implementations depend on it, never the other way round.
 */
public final class CaptureRunners implements SourceRunner.Factory {
    public static final CaptureRunners INSTANCE = new CaptureRunners();

    private CaptureRunners() {}

    @Override
    public SourceRunner create(SourceDefinition definition, OffsetStorage offsets, Batching batching, ChangeHandler handler,
                               SourceStatus status) {
        return switch (definition.kind()) {
            case POSTGRES, MARIADB, MYSQL -> new DebeziumSourceRunner(definition, offsets, batching, handler, status);
            case JDBC_POLL -> new JdbcPollSourceRunner(definition, offsets, handler, status);
        };
    }

    /** Change-log kinds keep no per-table progress of their own: only polled tables have something to forget. */
    @Override
    public void forgetProgress(SourceDefinition definition, OffsetStorage offsets, List<String> tables) {
        PollOffsets.forget(offsets, definition.id(), tables);
    }
}
