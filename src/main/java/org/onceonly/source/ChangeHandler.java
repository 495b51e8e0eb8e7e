/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.util.List;
import org.onceonly.schema.CompletedSnapshot;

/**
 * Receives a source's changes in source order. Returning normally means the batch is durable downstream,
 * so the runner may commit the source offsets; throwing means nothing of the batch may be acknowledged.
 */
public interface ChangeHandler {
    void handle(List<ChangeEnvelope> batch) throws Exception;

    /**
     * A batch that ends a full snapshot: the handler applies the batch and then, in the same unit of work,
     * retires what the snapshot did not read. Handlers that keep no state of their own only apply the batch.
     */
    default void handle(List<ChangeEnvelope> batch, CompletedSnapshot completed) throws Exception {
        handle(batch);
    }
}
