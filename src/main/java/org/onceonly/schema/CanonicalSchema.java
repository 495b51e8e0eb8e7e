/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericRecord;

/**
 * One canonical entity's Avro schema and the governance properties it carries: which field is the
 * subject key, and per field the departments that are authoritative for it, in order.
 */
public final class CanonicalSchema {
    private final Schema avro;
    private final String subjectField;
    private final long fingerprint;
    private final Map<String, List<String>> authorityByField;
    private final List<Party> parties;
    private final Map<String, SharingClass> sharingByField;
    private final Map<String, Sensitivity> sensitivityByField;
    // Asked for on every read of a record: taken from the Avro schema once.
    private final List<String> fieldNames;
    private final String subjectIdentifier;

    /**
     * A field that holds another subject's key: {@code path} is a top-level field name or, inside a list of
     * records, {@code members[].citizenId}; {@code entities} the entities it may point to (usually one).
     */
    public record Party(String path, List<String> entities) {
        public String field() {
            int bracket = path.indexOf('[');
            return bracket < 0 ? path : path.substring(0, bracket);
        }
    }

    public CanonicalSchema(Schema avro) {
        this.avro = Objects.requireNonNull(avro, "avro");
        if (avro.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("canonical schema " + avro.getFullName() + " must be a record");
        }
        Object subject = avro.getObjectProp("subject");
        if (!(subject instanceof String name) || avro.getField(name) == null) {
            throw new IllegalArgumentException("canonical schema " + avro.getName()
                    + " must name its subject key field in \"subject\" (found " + subject + ")");
        }
        this.subjectField = name;
        this.fingerprint = SchemaNormalization.parsingFingerprint64(avro);
        List<String> recordAuthority = stringList(avro.getObjectProp("authority"));
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (Schema.Field field : avro.getFields()) {
            List<String> own = stringList(field.getObjectProp("authority"));
            byField.put(field.name(), own.isEmpty() ? recordAuthority : own);
        }
        this.authorityByField = Collections.unmodifiableMap(byField);
        Map<String, SharingClass> sharing = new LinkedHashMap<>();
        Map<String, Sensitivity> sensitivity = new LinkedHashMap<>();
        for (Schema.Field field : avro.getFields()) {
            sharing.put(field.name(), SharingClass.of(field.getObjectProp("sharing"), avro.getName() + "." + field.name()));
            sensitivity.put(field.name(), Sensitivity.of(field.getObjectProp("sensitivity"), avro.getName() + "." + field.name()));
        }
        this.sharingByField = Collections.unmodifiableMap(sharing);
        this.sensitivityByField = Collections.unmodifiableMap(sensitivity);
        List<Party> found = new ArrayList<>();
        for (Schema.Field field : avro.getFields()) {
            collectParties(field, field.name(), found);
        }
        this.parties = List.copyOf(found);
        this.fieldNames = avro.getFields().stream().map(Schema.Field::name).toList();
        Object identifier = avro.getField(subjectField).getObjectProp("identifier");
        this.subjectIdentifier = identifier == null ? null : identifier.toString();
    }

    private static void collectParties(Schema.Field field, String path, List<Party> found) {
        if (field.getObjectProp("party") instanceof String entities) {
            found.add(new Party(path, List.of(entities.split("\\|"))));
        }
        Schema type = field.schema().isNullable() && field.schema().getType() == Schema.Type.UNION
                ? field.schema().getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow()
                : field.schema();
        if (type.getType() == Schema.Type.ARRAY && type.getElementType().getType() == Schema.Type.RECORD) {
            for (Schema.Field inner : type.getElementType().getFields()) {
                collectParties(inner, path + "[]." + inner.name(), found);
            }
        }
    }

    /** Fields naming other subjects (a marriage's spouses, a household's members). */
    public List<Party> parties() {
        return parties;
    }

    public String entity() {
        return avro.getName();
    }

    public Schema avro() {
        return avro;
    }

    public String subjectField() {
        return subjectField;
    }

    /** Avro's 64-bit parsing fingerprint (CRC-64-AVRO of the canonical form). */
    public long fingerprint() {
        return fingerprint;
    }

    public List<String> fieldNames() {
        return fieldNames;
    }

    /** The field's sharing class; {@code none} for a field the schema does not have. */
    public SharingClass sharing(String field) {
        return sharingByField.getOrDefault(field, SharingClass.NONE);
    }

    public Sensitivity sensitivity(String field) {
        return sensitivityByField.getOrDefault(field, Sensitivity.HIGH);
    }

    /** The field's documentation, or empty. */
    public String doc(String field) {
        Schema.Field f = avro.getField(field);
        return f == null || f.doc() == null ? "" : f.doc();
    }

    /** Authoritative departments for a field, most authoritative first; empty when none is named. */
    public List<String> authorityFor(String field) {
        return authorityByField.getOrDefault(field, List.of());
    }

    /**
     * Validates and normalises a subject key given from outside (an API path), by the identifier rule of
     * the subject field; throws {@link org.onceonly.identity.InvalidIdentifierException} naming the rule.
     */
    public String normaliseSubject(String raw) {
        return org.onceonly.identity.SubjectKey.byRule(raw, subjectIdentifier()).value();
    }

    /** The identifier rule of the subject field ({@code citizen-id}, {@code credit-code}), or null. */
    public String subjectIdentifier() {
        return subjectIdentifier;
    }

    public String subjectOf(GenericRecord record) {
        Object value = record.get(subjectField);
        return value == null ? null : value.toString();
    }

    private static List<String> stringList(Object prop) {
        if (prop == null) {
            return List.of();
        }
        if (prop instanceof String single) {
            return List.of(single);
        }
        List<String> out = new ArrayList<>();
        if (prop instanceof List<?> list) {
            for (Object item : list) {
                out.add(String.valueOf(item));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return entity() + "@" + Long.toHexString(fingerprint);
    }
}
