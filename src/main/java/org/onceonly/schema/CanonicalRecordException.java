/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.util.List;
import java.util.stream.Collectors;

/** A body that does not make a valid canonical record; carries every field-level reason at once. */
public class CanonicalRecordException extends RuntimeException {
    private final String entity;
    private final List<FieldViolation> violations;

    public CanonicalRecordException(String entity, List<FieldViolation> violations) {
        super("not a valid " + entity + ": " + violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; ")));
        this.entity = entity;
        this.violations = List.copyOf(violations);
    }

    public String entity() {
        return entity;
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
