/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.onceonly.schema.CanonicalSchema;

/**
 * What of one golden record a client may see under a grant: the shown fields (in schema order, each with
 * its value — masked where the policy says — and provenance), the withheld ones with the reason, and the
 * {@code Entity.field} paths to write to the access log.
 */
public record Disclosure(ObjectNode shown, Map<String, String> withheld, List<String> loggedFields) {
    private static final List<String> PROVENANCE = List.of("source", "department", "asOf", "position");

    /**
     * @param stored    the golden record's fields as the pool keeps them ({field: {value, source, ...}})
     * @param requested the fields asked for, or empty for every field of the schema
     */
    public static Disclosure of(Grant grant, CanonicalSchema schema, ObjectNode stored, Collection<String> requested) {
        ObjectNode shown = JsonNodeFactory.instance.objectNode();
        Map<String, String> withheld = new LinkedHashMap<>();
        List<String> logged = new ArrayList<>();
        Collection<String> fields = requested.isEmpty() ? schema.fieldNames() : requested;
        for (String field : fields) {
            FieldDecision decision = AccessPolicy.decide(grant, schema, field);
            if (!decision.shown()) {
                withheld.put(field, decision.reason());
                continue;
            }
            JsonNode value = stored.get(field);
            if (value == null) {
                continue;
            }
            ObjectNode node = shown.putObject(field);
            node.set("value", decision.verdict() == FieldDecision.Verdict.MASK ? MaskedValue.of(schema, field, value.get("value")) : value.get("value"));
            if (decision.verdict() == FieldDecision.Verdict.MASK) {
                node.put("masked", true);
            }
            for (String key : PROVENANCE) {
                if (value.has(key)) {
                    node.set(key, value.get(key));
                }
            }
            logged.add(decision.path());
        }
        return new Disclosure(shown, withheld, logged);
    }

    /** Refuses the whole request when fields were asked for by name and any of them is withheld. */
    public Disclosure requireAll(String entity, Collection<String> requested) {
        if (!requested.isEmpty() && !withheld.isEmpty()) {
            Map.Entry<String, String> first = withheld.entrySet().iterator().next();
            throw new AccessDenied("field_not_granted", "field " + entity + "." + AccessPolicy.printable(first.getKey())
                    + " withheld: " + first.getValue());
        }
        return this;
    }
}
