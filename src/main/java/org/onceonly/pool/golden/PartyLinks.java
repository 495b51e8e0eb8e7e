package org.onceonly.pool.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.onceonly.identity.CitizenId;
import org.onceonly.schema.CanonicalSchema;

/** The subjects a golden record names besides its own key, read from its surviving field values. */
final class PartyLinks {
    private PartyLinks() {}

    record Link(String partyEntity, String partyKey, String field) {}

    static List<Link> of(CanonicalSchema schema, ObjectNode goldenFields) {
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
