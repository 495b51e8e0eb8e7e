/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * How a new version of an entity's schema must relate to the versions before it, in the terms schema
 * registries use. BACKWARD: the new schema reads data written with the old one (the pool re-reads its
 * history). FORWARD: the old schema reads new data (consumers not yet upgraded). FULL: both.
 * TRANSITIVE: against every earlier version, not only the latest. Set per entity with the schema's
 * {@code "compatibility"} property; the default is BACKWARD_TRANSITIVE. The checks are Avro's own.
 */
public enum CompatibilityMode {
    BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE, NONE;

    public static final CompatibilityMode DEFAULT = BACKWARD_TRANSITIVE;

    /** An earlier version of an entity's schema; {@code label} says which ("version 3", "HEAD"). */
    public record Version(String label, Schema schema) {}

    public static CompatibilityMode of(CanonicalSchema schema) {
        Object prop = schema.avro().getObjectProp("compatibility");
        if (prop == null) {
            return DEFAULT;
        }
        try {
            return valueOf(prop.toString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(schema.entity() + ": compatibility '" + prop + "' is not one of "
                    + java.util.Arrays.toString(values()));
        }
    }

    /**
     * Problems that stop {@code candidate} from following {@code earlier} (oldest first) in this mode; empty
     * when it may. Each problem names the entity, the version, the kind of incompatibility and the field.
     */
    public List<String> problems(String entity, Schema candidate, List<Version> earlier) {
        List<String> problems = new ArrayList<>();
        if (this == NONE || earlier.isEmpty()) {
            return problems;
        }
        List<Version> against = name().endsWith("TRANSITIVE") ? earlier : List.of(earlier.get(earlier.size() - 1));
        boolean backward = name().startsWith("BACKWARD") || name().startsWith("FULL");
        boolean forward = name().startsWith("FORWARD") || name().startsWith("FULL");
        for (Version version : against) {
            if (backward) {
                describe(problems, entity + " (new) cannot read " + version.label(), candidate,
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, version.schema()));
            }
            if (forward) {
                describe(problems, entity + " " + version.label() + " cannot read the new schema", version.schema(),
                        SchemaCompatibility.checkReaderWriterCompatibility(version.schema(), candidate));
            }
        }
        return problems;
    }

    private static void describe(List<String> problems, String what, Schema reader,
                                 SchemaCompatibility.SchemaPairCompatibility result) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(what + ": field " + fieldPath(reader, incompatibility.getLocation()) + ": "
                    + incompatibility.getType() + " (" + incompatibility.getMessage() + ")");
        }
    }

    /**
     * Avro locates a problem as a JSON pointer into the reader schema ({@code /fields/1/type/1}); people
     * need the field's name ({@code holder}), so walk the schema along the pointer.
     */
    static String fieldPath(Schema reader, String location) {
        List<String> names = new ArrayList<>();
        Schema current = reader;
        String[] steps = location.split("/");
        for (int i = 1; i < steps.length && current != null; i++) {
            switch (steps[i]) {
                case "fields" -> {
                    if (i + 1 < steps.length && steps[i + 1].matches("\\d+") && current.getType() == Schema.Type.RECORD) {
                        Schema.Field field = current.getFields().get(Integer.parseInt(steps[++i]));
                        names.add(field.name());
                        current = field.schema();
                    }
                }
                case "type" -> { }
                case "items" -> current = current.getType() == Schema.Type.ARRAY ? current.getElementType() : current;
                case "values" -> current = current.getType() == Schema.Type.MAP ? current.getValueType() : current;
                default -> {
                    if (steps[i].matches("\\d+") && current.getType() == Schema.Type.UNION) {
                        current = current.getTypes().get(Integer.parseInt(steps[i]));
                    }
                }
            }
        }
        return names.isEmpty() ? "(record)" : String.join(".", names);
    }
}
