/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A prefilled form: per field its value and provenance, or why it is empty or withheld; per material
 * whether the pool supplied it; and the coverage (filled of asked).
 */
public record PrefillResult(String form, String subject, String purpose, List<FilledField> fields,
                            List<SuppliedMaterial> materials) {
    public enum Status { FILLED, EMPTY, WITHHELD, SUPPLIED, MISSING }

    /** {@code provenance} holds entity, record key, field, source, department and asOf; null unless filled. */
    public record FilledField(String name, String label, String path, boolean required, Status status, JsonNode value,
                              boolean masked, JsonNode provenance, String reason) {}

    /** {@code evidence} says what stands in for the paper (a certificate's number and issuer, or a record). */
    public record SuppliedMaterial(String name, String label, boolean required, Status status, JsonNode evidence, String reason) {}

    public long fieldsFilled() {
        return fields.stream().filter(f -> f.status() == Status.FILLED).count();
    }

    public long materialsSupplied() {
        return materials.stream().filter(m -> m.status() == Status.SUPPLIED).count();
    }
}
