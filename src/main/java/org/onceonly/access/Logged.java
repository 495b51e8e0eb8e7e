/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.util.concurrent.CompletableFuture;

/**
 * A result whose access-log entries are queued but perhaps not yet committed: it may leave the hub only once
 * {@code entries} has completed (no entry, no data). Lets the caller free its thread while the log's group
 * commit runs, instead of waiting on it.
 */
public record Logged<T>(T value, CompletableFuture<Void> entries) {}
