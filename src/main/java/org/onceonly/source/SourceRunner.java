/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.util.List;

/**
 * Captures one registered source and hands its changes, in source order, to a {@link ChangeHandler}.
 * Implementations live in {@code source.debezium} (databases with a change log) and {@code source.poll}
 * (those without); the hub chooses them through a {@link Factory}, so that this package knows none of them.
 * A runner acknowledges (commits its offset for) a batch only after the handler returned.
 */
public interface SourceRunner extends AutoCloseable {
    void start();

    SourceStatus status();

    @Override
    void close();

    /**
     * Tells {@code listener} if the runner stops on an error of its own (not when closed); runners that
     * retry every error themselves never call it.
     */
    default void whenFailed(java.util.function.Consumer<Throwable> listener) {}

    /**
     * Reads {@code tables} again while capture goes on, when this runner can do so in place (an incremental
     * snapshot signalled to a change-log engine); false when the source must be restarted without the tables'
     * stored progress instead ({@link Factory#forgetProgress}).
     */
    default boolean resnapshotInPlace(List<String> tables) {
        return false;
    }

    /** Makes the runner of each source kind, and forgets the progress a kind stores per table. */
    interface Factory {
        /** The runner for a source's kind; {@code batching} applies to change-log kinds (polling has its own settings). */
        SourceRunner create(SourceDefinition definition, OffsetStorage offsets, Batching batching, ChangeHandler handler,
                            SourceStatus status);

        /** Drops the stored progress of {@code tables}, so that the next runner reads them from the start. */
        void forgetProgress(SourceDefinition definition, OffsetStorage offsets, List<String> tables);
    }
}
