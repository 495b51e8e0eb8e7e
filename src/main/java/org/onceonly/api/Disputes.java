/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Marks the fields of a shown record that a citizen disputes and that are not yet resolved. */
@FunctionalInterface
public interface Disputes {
    Disputes NONE = (entity, recordKey, shownFields) -> {};

    /** Adds {@code "disputed": {...}} to each shown field with an open correction. */
    void mark(String entity, String recordKey, ObjectNode shownFields);
}
