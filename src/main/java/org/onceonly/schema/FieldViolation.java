/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

/** One field that a record got wrong, and why. Reasons never carry personal values in clear. */
public record FieldViolation(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
