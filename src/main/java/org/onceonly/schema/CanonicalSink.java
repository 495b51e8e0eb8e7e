/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

/**
 * Where canonical changes go. The pool writer is the real one; route tests collect into memory.
 * {@link #accept} returns only once the batch is durable, because the caller commits source offsets next.
 */
public interface CanonicalSink {
    void accept(CanonicalBatch batch);
}
