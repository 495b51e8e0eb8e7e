/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.util.List;
import org.onceonly.schema.CanonicalSchema;

/**
 * A government form that the hub can prefill ({@code forms/*.yaml}, documented in docs/forms.md): the
 * purpose it is filled under, the entity whose key identifies the applicant, its fields with their paths
 * into the pool, and the proof materials it asks for.
 */
public record Form(String id, String title, String purpose, CanonicalSchema subject, List<Field> fields, List<Material> materials) {
    public Form {
        fields = List.copyOf(fields);
        materials = List.copyOf(materials);
    }

    /** {@code path} is null for a field the pool does not hold: the applicant fills it in (it counts as asked). */
    public record Field(String name, String label, FieldPath path, boolean required) {}

    /**
     * A proof material, supplied from the pool by a valid certificate of a type ({@code certificateType}) or
     * by a record of an entity that stands in for the paper ({@code record}: the household register
     * replaces a copy of the household booklet). Neither: a material the pool does not hold (it counts as asked).
     */
    public record Material(String name, String label, String certificateType, CanonicalSchema record, boolean required) {}
}
