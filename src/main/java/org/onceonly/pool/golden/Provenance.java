/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool.golden;

import java.time.Instant;

/** Where a golden-record field's value came from, and as of when the source said so. */
public record Provenance(String source, String department, Instant asOf, String position) {}
