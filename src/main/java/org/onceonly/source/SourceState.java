/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

/**
 * What a source is doing, in the one vocabulary the API ({@code /v1/admin/sources}), the CLI
 * ({@code onceonly source list}) and the metrics ({@code onceonly_source_state{state=...}}) share, lower-cased.
 * See docs/connectors.md, "States".
 */
public enum SourceState {
    /** The capture is connecting; the next state follows within seconds (a longer wait is {@link #STALLED}). */
    STARTING,
    /** Reading the tables' current rows (the initial or a re-snapshot); the status shows rows done of rows expected. */
    SNAPSHOTTING,
    /** Connected and reading the change log (or polling), whether or not there are changes to read. */
    STREAMING,
    /** Something stops it from moving (the pool refusing batches, its database out of reach), retried with back-off. */
    RETRYING,
    /** It has moved nothing for longer than {@code watch.stallSeconds} while changes wait, or cannot start: see the error. */
    STALLED,
    /** Not running: paused by an operator, removed, or the hub is shutting down. */
    STOPPED
}
