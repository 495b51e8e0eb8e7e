/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.onceonly.schema.AvroJson;
import org.onceonly.schema.CanonicalSchema;

/**
 * Survivorship: per field, among the contributions that have a value, the most authoritative department
 * (the schema's {@code authority} order; unlisted departments rank after listed ones) wins; ties go to the
 * newer source time, then the greater position. Each field keeps its provenance. Where departments hold
 * different values for a field, the disagreement is reported as a {@link Conflict}.
 */
public final class GoldenRecordBuilder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GoldenRecordBuilder() {}

    /** A field on which departments disagree: every department's value, the winner first. */
    public record Conflict(String field, List<String> departments, ArrayNode candidates) {}

    /** The golden record's fields ({@code {field: {value, source, department, asOf, position}}}) and its conflicts. */
    public record Result(ObjectNode fields, List<Conflict> conflicts) {}

    public static Result build(CanonicalSchema schema, List<Contribution> contributions) {
        ObjectNode fields = NODES.objectNode();
        List<Conflict> conflicts = new ArrayList<>();
        if (contributions.size() == 1) {
            // One contribution (the common case, and every row of a first snapshot): it wins every field it has.
            Contribution only = contributions.get(0);
            Stamp stamp = Stamp.of(only); // once, not per field: every prefill reads a record
            for (org.apache.avro.Schema.Field field : schema.avro().getFields()) {
                Object value = only.record().get(field.pos());
                if (value != null) {
                    fields.set(field.name(), fieldNode(stamp, value));
                }
            }
            return new Result(fields, conflicts);
        }
        for (String field : schema.fieldNames()) {
            List<String> authority = schema.authorityFor(field);
            Comparator<Contribution> order = Comparator
                    .comparingInt((Contribution c) -> rank(authority, c.provenance().department()))
                    .thenComparing((Contribution c) -> c.provenance().asOf(), Comparator.reverseOrder())
                    .thenComparing((Contribution c) -> c.provenance().position(), Comparator.reverseOrder());
            List<Contribution> candidates = contributions.stream()
                    .filter(c -> c.record().get(field) != null)
                    .sorted(order)
                    .toList();
            if (candidates.isEmpty()) {
                continue;
            }
            fields.set(field, fieldNode(candidates.get(0), field));
            conflictOn(field, candidates).ifPresent(conflicts::add);
        }
        return new Result(fields, conflicts);
    }

    /** Departments disagree when their best values for the field differ. */
    private static java.util.Optional<Conflict> conflictOn(String field, List<Contribution> ranked) {
        Map<String, Contribution> bestPerDepartment = new LinkedHashMap<>();
        for (Contribution contribution : ranked) {
            bestPerDepartment.putIfAbsent(contribution.provenance().department(), contribution);
        }
        if (bestPerDepartment.size() < 2) {
            return java.util.Optional.empty(); // one department cannot disagree with itself
        }
        TreeSet<String> values = new TreeSet<>();
        bestPerDepartment.values().forEach(c -> values.add(AvroJson.toJson(c.record().get(field)).toString()));
        if (values.size() < 2) {
            return java.util.Optional.empty();
        }
        ArrayNode candidates = NODES.arrayNode();
        bestPerDepartment.values().forEach(c -> candidates.add(fieldNode(c, field)));
        return java.util.Optional.of(new Conflict(field, List.copyOf(bestPerDepartment.keySet()), candidates));
    }

    private static int rank(List<String> authority, String department) {
        int index = authority.indexOf(department);
        return index < 0 ? authority.size() : index;
    }

    private static JsonNode fieldNode(Contribution contribution, String field) {
        return fieldNode(Stamp.of(contribution), contribution.record().get(field));
    }

    private static JsonNode fieldNode(Stamp stamp, Object value) {
        ObjectNode node = NODES.objectNode();
        node.set("value", AvroJson.toJson(value));
        node.set("source", stamp.source());
        node.set("department", stamp.department());
        node.set("asOf", stamp.asOf());
        node.set("position", stamp.position());
        return node;
    }

    /** A contribution's provenance as JSON values, shared by the fields it wins (value nodes are immutable). */
    private record Stamp(JsonNode source, JsonNode department, JsonNode asOf, JsonNode position) {
        static Stamp of(Contribution contribution) {
            Provenance provenance = contribution.provenance();
            return new Stamp(NODES.textNode(provenance.source()), NODES.textNode(provenance.department()),
                    NODES.textNode(provenance.asOf().toString()), NODES.textNode(provenance.position()));
        }
    }
}
