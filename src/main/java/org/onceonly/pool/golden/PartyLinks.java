/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.pool.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.onceonly.identity.CitizenId;
import org.onceonly.schema.AvroJson;
import org.onceonly.schema.CanonicalSchema;

/** The subjects a golden record names besides its own key, read from its surviving field values. */
public final class PartyLinks {
    /** How a certificate's document digest is kept among a contribution's {@link #names}. */
    public static final String DIGEST_NAME = "documentDigest:";

    private PartyLinks() {}

    /** The golden record names {@code partyKey} (an entity's subject key) in {@code field} (a party path). */
    public record Link(String partyEntity, String partyKey, String field) {}

    public static List<Link> of(CanonicalSchema schema, ObjectNode goldenFields) {
        List<Link> links = new ArrayList<>();
        for (CanonicalSchema.Party party : schema.parties()) {
            JsonNode value = goldenFields.path(party.field()).path("value");
            int bracket = party.path().indexOf("[].");
            if (bracket < 0) {
                add(links, party, value, party.path());
            } else if (value.isArray()) {
                String inner = party.path().substring(bracket + 3);
                for (JsonNode item : value) {
                    add(links, party, item.path(inner), party.path());
                }
            }
        }
        return links;
    }

    /**
     * What one contribution names, by which reads find it through an index: the party keys in its own values
     * and, for a certificate, {@link #DIGEST_NAME} and its document's digest. A golden record can name only
     * what one of its contributions names, so the index narrows the search; the golden record decides.
     */
    public static String[] names(CanonicalSchema schema, GenericRecord record) {
        TreeSet<String> names = new TreeSet<>();
        if (!schema.parties().isEmpty()) {
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            for (CanonicalSchema.Party party : schema.parties()) {
                Object value = record.get(party.field());
                if (value != null) {
                    fields.putObject(party.field()).set("value", AvroJson.toJson(value));
                }
            }
            of(schema, fields).forEach(link -> names.add(link.partyKey()));
        }
        if ("Certificate".equals(schema.entity()) && record.getSchema().getField("documentDigest") != null
                && record.get("documentDigest") != null) {
            names.add(DIGEST_NAME + record.get("documentDigest"));
        }
        return names.toArray(String[]::new);
    }

    private static void add(List<Link> links, CanonicalSchema.Party party, JsonNode value, String field) {
        if (!value.isTextual() || value.asText().isBlank()) {
            return;
        }
        String key = value.asText();
        links.add(new Link(entityOf(party, key), key, field));
    }

    /** A field that may name a person or an organisation tells which by the key's form. */
    private static String entityOf(CanonicalSchema.Party party, String key) {
        if (party.entities().size() == 1) {
            return party.entities().get(0);
        }
        return party.entities().contains("Person") && CitizenId.isValid(key) ? "Person"
                : party.entities().stream().filter(e -> !e.equals("Person")).findFirst().orElse(party.entities().get(0));
    }
}
