/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.onceonly.identity.SubjectKey;
import org.onceonly.schema.CanonicalSchema;

/**
 * The people and organisations one answer shows, and what of each: the unit of disclosure is the party shown,
 * not the key in the URL. A record shown names its parties — the person or organisation it is about, and the
 * values of its party fields (spouses, household members and head, certificate holders, employees and
 * employers, legal representatives) — and every one of them was shown the record's fields that left. The
 * answer writes one access-log entry per party, naming those fields and the records they came from, so a
 * citizen finds every read of their data under their own identity number.
 */
public final class PartiesShown {
    private final Map<String, Shown> byParty = new LinkedHashMap<>();

    private record Shown(Set<String> fields, Set<String> records) {}

    /** The fields ({@code Entity.field}) of a record that this answer shows; nothing when none left. */
    public void record(CanonicalSchema schema, String key, ObjectNode stored, Collection<String> fields) {
        if (fields.isEmpty()) {
            return;
        }
        String reference = reference(schema.entity(), key);
        for (String party : parties(schema, key, stored)) {
            add(party, fields, reference);
        }
    }

    /** What the answer shows of one party that is not a pool record (an uploaded material). */
    public void party(String party, Collection<String> fields, String reference) {
        add(party, fields, reference);
    }

    private void add(String party, Collection<String> fields, String reference) {
        Shown shown = byParty.computeIfAbsent(party, p -> new Shown(new LinkedHashSet<>(), new LinkedHashSet<>()));
        shown.fields().addAll(fields);
        if (reference != null) {
            shown.records().add(reference);
        }
    }

    public boolean isEmpty() {
        return byParty.isEmpty();
    }

    /** The parties shown so far, in the order met. */
    public Set<String> parties() {
        return byParty.keySet();
    }

    /** One access-log entry per party shown. */
    public List<AccessEvent> events(Client client, String purpose, String action) {
        List<AccessEvent> events = new ArrayList<>(byParty.size());
        byParty.forEach((party, shown) -> events.add(new AccessEvent(client.id(), client.organisation(), purpose, action, party,
                List.copyOf(shown.fields()), List.copyOf(shown.records()))));
        return events;
    }

    /** How an entry names the record a field came from. */
    public static String reference(String entity, String key) {
        return entity + "/" + key;
    }

    /**
     * The people and organisations a record is about: itself when it is keyed by an identity number or a
     * credit code, and every value of its party fields (inside lists too: {@code members[].citizenId}).
     */
    public static Set<String> parties(CanonicalSchema schema, String key, ObjectNode stored) {
        Set<String> parties = new LinkedHashSet<>();
        if (isParty(key) && (SubjectKey.CITIZEN_ID_RULE.equals(schema.subjectIdentifier())
                || SubjectKey.CREDIT_CODE_RULE.equals(schema.subjectIdentifier()))) {
            parties.add(key);
        }
        for (CanonicalSchema.Party party : schema.parties()) {
            JsonNode value = stored.path(party.field()).path("value");
            String inner = party.path().equals(party.field()) ? null : party.path().substring(party.path().indexOf("].") + 2);
            if (inner == null) {
                addParty(parties, value);
            } else if (value.isArray()) {
                value.forEach(element -> addParty(parties, element.path(inner)));
            }
        }
        return parties;
    }

    private static void addParty(Set<String> parties, JsonNode value) {
        if (value.isTextual() && isParty(value.asText())) {
            parties.add(value.asText());
        }
    }

    private static boolean isParty(String key) {
        return key != null && !key.isBlank();
    }
}
