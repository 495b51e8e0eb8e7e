/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.util.List;

/** What an operator may do with the registered sources of a running hub. */
public interface SourceControl {
    List<ManagedSource> sources();

    /** @throws java.util.NoSuchElementException when no source has that id */
    ManagedSource source(String id);

    /**
     * Registers a source from its connector file's text: checks it like a file in {@code connectors/},
     * keeps it there as {@code <id>.yaml}, and starts it.
     */
    ManagedSource register(String connectorYaml);

    /** Stops a source for good, drops its slot and offsets, and deletes its connector file. */
    void remove(String id);
}
