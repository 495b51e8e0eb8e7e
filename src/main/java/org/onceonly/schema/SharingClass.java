/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.util.Locale;

/**
 * A field's sharing class (the field property {@code "sharing"}), as in data-sharing catalogues:
 * {@code unconditional} — any authenticated platform client; {@code conditional} — only under a purpose
 * whose grant names the field; {@code none} — never leaves the pool. A field without the property is
 * {@code conditional}: nothing flows without an explicit grant.
 */
public enum SharingClass {
    UNCONDITIONAL, CONDITIONAL, NONE;

    static SharingClass of(Object property, String field) {
        if (property == null) {
            return CONDITIONAL;
        }
        try {
            return valueOf(property.toString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field " + field + ": \"sharing\" must be unconditional, conditional or none, not '" + property + "'");
        }
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
