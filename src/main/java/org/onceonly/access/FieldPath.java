/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * Where a form field's value lives in the pool, as steps from the form's subject:
 * {@code Person.name}; {@code SocialInsurance[status=ACTIVE].employerCreditCode > Organisation.name} (follow
 * a party field to the record it names); {@code Marriage.otherParty > Person.name} (the party of the
 * marriage that is not the subject — the spouse). A step's record is the one keyed by the current key, or
 * else the most recently updated record naming it.
 */
public record FieldPath(String text, List<Step> steps) {
    /** The field word meaning "the party of this record that is not the current subject". */
    public static final String OTHER_PARTY = "otherParty";
    private static final Pattern STEP = Pattern.compile("([A-Za-z][A-Za-z0-9]*)(?:\\[([A-Za-z][A-Za-z0-9]*)=([^\\]]+)])?\\.([A-Za-z][A-Za-z0-9]*)");

    /** One step: the entity, an optional filter on one of its fields, and the field to read or follow. */
    public record Step(CanonicalSchema schema, String filterField, String filterValue, String field) {
        public boolean followsOtherParty() {
            return OTHER_PARTY.equals(field);
        }
    }

    public FieldPath {
        steps = List.copyOf(steps);
    }

    public Step last() {
        return steps.get(steps.size() - 1);
    }

    /** Parses and checks a path against the schemas; the message of the exception says what is wrong. */
    public static FieldPath parse(String text, SchemaCatalog schemas) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the path is empty");
        }
        List<Step> steps = new ArrayList<>();
        String[] parts = text.split(">");
        for (int i = 0; i < parts.length; i++) {
            Matcher m = STEP.matcher(parts[i].strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + parts[i].strip() + "' is not Entity.field or Entity[field=value].field");
            }
            CanonicalSchema schema = schemas.find(m.group(1))
                    .orElseThrow(() -> new IllegalArgumentException("no canonical entity named '" + m.group(1) + "'"));
            if (m.group(2) != null && !schema.fieldNames().contains(m.group(2))) {
                throw new IllegalArgumentException(schema.entity() + " has no field '" + m.group(2) + "' to filter on");
            }
            String field = m.group(4);
            boolean terminal = i == parts.length - 1;
            if (terminal && !schema.fieldNames().contains(field)) {
                throw new IllegalArgumentException(schema.entity() + " has no field '" + field + "'");
            }
            if (!terminal) {
                String next = parts[i + 1].strip().split("[.\\[]", 2)[0];
                boolean link = field.equals(OTHER_PARTY)
                        ? schema.parties().stream().filter(p -> p.path().equals(p.field()) && p.entities().contains(next)).count() >= 2
                        : schema.parties().stream().anyMatch(p -> p.path().equals(field) && p.entities().contains(next));
                if (!link) {
                    throw new IllegalArgumentException(schema.entity() + "." + field + " is not a party field naming a " + next
                            + (field.equals(OTHER_PARTY) ? " (otherParty needs two such fields)" : ""));
                }
            }
            steps.add(new Step(schema, m.group(2), m.group(3), field));
        }
        return new FieldPath(text.strip(), steps);
    }
}
