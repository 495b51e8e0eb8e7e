/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.util.Objects;
import org.onceonly.identity.Masking;

/**
 * One line of a {@link PreflightReport}: what was checked, how it came out, what was found, and the exact
 * SQL or setting that fixes it ({@code null} when there is nothing to fix).
 */
public record PreflightItem(String name, Status status, String detail, String remedy) {
    /** {@code WARN} and {@code SKIP} do not stop a source; only {@code FAIL} does. */
    public enum Status { PASS, FAIL, WARN, SKIP }

    public PreflightItem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        // Details may quote a database's error message, which may quote row values, over several lines.
        detail = detail == null || detail.isBlank() ? null : Masking.maskIdentityNumbers(detail.strip().replaceAll("\\s*\\R\\s*", " "));
        remedy = remedy == null || remedy.isBlank() ? null : remedy;
    }
}
