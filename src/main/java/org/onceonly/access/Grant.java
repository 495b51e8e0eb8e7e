/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.util.Map;
import java.util.Set;

/**
 * What a client may do under one purpose: which fields of which entities it may read ({@code "*"} = every
 * field the schema shares), which sensitive fields it may see unmasked ({@code Entity.field}), and which
 * other capabilities it has.
 */
public record Grant(String purpose, String description, Map<String, Set<String>> read, Set<String> unmasked,
                    Set<Capability> may) {
    public static final String EVERY_FIELD = "*";

    public Grant {
        read = Map.copyOf(read);
        unmasked = Set.copyOf(unmasked);
        may = Set.copyOf(may);
    }

    public boolean reads(String entity, String field) {
        Set<String> fields = read.get(entity);
        return fields != null && (fields.contains(EVERY_FIELD) || fields.contains(field));
    }

    public boolean unmasks(String entity, String field) {
        return unmasked.contains(entity + "." + field) || unmasked.contains(entity + "." + EVERY_FIELD);
    }

    public boolean may(Capability capability) {
        return may.contains(capability);
    }
}
