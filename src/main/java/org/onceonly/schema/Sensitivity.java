/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.util.Locale;

/**
 * How much harm a field's disclosure does (the field property {@code "sensitivity"}): {@code high} fields
 * (identity numbers, addresses, ethnicity) are masked in API responses unless a grant unmasks them. A
 * field without the property counts as {@code high}.
 */
public enum Sensitivity {
    LOW, MEDIUM, HIGH;

    static Sensitivity of(Object property, String field) {
        if (property == null) {
            return HIGH;
        }
        try {
            return valueOf(property.toString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field " + field + ": \"sensitivity\" must be low, medium or high, not '" + property + "'");
        }
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
