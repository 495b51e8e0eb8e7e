/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.onceonly.access.AccessDenied;
import org.onceonly.access.AccessLog;
import org.onceonly.access.AccessPolicy;
import org.onceonly.access.Client;
import org.onceonly.access.Grant;
import org.onceonly.access.PartiesShown;
import org.onceonly.access.Role;
import org.onceonly.identity.InvalidIdentifierException;
import org.onceonly.identity.Masking;
import org.onceonly.identity.SubjectKey;
import java.util.Locale;
import java.util.Optional;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Body;
import org.onceonly.api.BodyFields;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.Names;
import org.onceonly.api.Refusal;
import org.onceonly.pool.Quarantine;
import org.onceonly.pool.QuarantineReplay;
import org.onceonly.schema.FieldViolation;

/**
 * Admin endpoints over the quarantine: list, show (with the raw change), summary, replay, discard.
 * An administrator sees and acts on the entries of its own departments only (an operator on all). An entry's
 * envelope holds the department's row as it came, personal data included: showing it needs a purpose granted
 * to the administrator, every identity number or credit code in it is masked unless that grant unmasks
 * {@code Person.citizenId}, and each person or organisation it names gets an access-log entry. Lists mask
 * identity numbers in row keys.
 */
public final class QuarantineApi implements Endpoints {
    private static final int MAX_LIMIT = 1000;
    private static final int MAX_NOTE = 2000;
    private final Quarantine quarantine;
    private final QuarantineReplay replay;

    /** The body of {@code POST /v1/admin/quarantine/{id}/discard}. */
    record Discard(@JsonProperty("note") String note) {}

    private final AccessLog accessLog;

    public QuarantineApi(Quarantine quarantine, QuarantineReplay replay, AccessLog accessLog) {
        this.quarantine = quarantine;
        this.replay = replay;
        this.accessLog = accessLog;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/admin/quarantine").forAdministrators().query("source", "status", "limit").to(this::list);
        routes.get("/v1/admin/quarantine/summary").forAdministrators().to(this::summary);
        routes.post("/v1/admin/quarantine/replay").forAdministrators().query("source").to(this::replayAll);
        routes.get("/v1/admin/quarantine/{id}").forAdministrators().to(this::show);
        routes.post("/v1/admin/quarantine/{id}/replay").forAdministrators().to(this::replayOne);
        routes.post("/v1/admin/quarantine/{id}/discard").forAdministrators().body(Body.JSON).to(this::discard);
    }

    private Answer list(ApiRequest request) {
        String source = request.name("source", Names.SOURCE_ID).orElse(null);
        String statusText = request.query("status").orElse("held");
        Quarantine.Status status;
        try {
            status = statusText.equals("all") ? null : Quarantine.Status.valueOf(statusText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest("invalid_parameter", "status must be held, replayed, discarded or all");
        }
        int limit = request.wholeNumber("limit", 100, 1, MAX_LIMIT);
        ArrayNode entries = Json.NODES.arrayNode();
        quarantine.list(source, status, limit).stream().filter(entry -> request.caller().stewards(department(entry)))
                .forEach(entry -> entries.add(entryJson(entry, false)));
        return Answer.ok(Json.object().set("entries", entries));
    }

    private Answer summary(ApiRequest request) {
        ArrayNode counts = Json.NODES.arrayNode();
        for (Quarantine.Count count : quarantine.heldCounts()) {
            counts.addObject().put("source", count.sourceId()).put("field", count.field())
                    .put("reason", count.reason()).put("held", count.held());
        }
        return Answer.ok(Json.object().set("held", counts));
    }

    private Answer show(ApiRequest request) {
        Client client = request.caller();
        Grant grant = AccessPolicy.grantFor(client, request.purpose());
        Quarantine.Entry entry = stewarded(client, request.id("id"));
        boolean clear = grant.unmasks("Person", "citizenId");
        PartiesShown shown = new PartiesShown();
        ObjectNode node = entryJson(entry, false);
        node.set("envelope", parties(entry.envelope(), clear, party -> shown.party(party, List.of("Quarantine.envelope"),
                PartiesShown.reference("Quarantine", Long.toString(entry.id())))));
        CompletableFuture<Void> entries = accessLog.record(shown.events(client, grant.purpose(), "quarantine"));
        return Answer.ok(node).sentAfter(entries);
    }

    /** A copy of the raw change in which every identity number or credit code is noted as a party, and masked unless clear. */
    private static JsonNode parties(JsonNode node, boolean clear, Consumer<String> party) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            try {
                String key = SubjectKey.party(node.asText()).value();
                party.accept(key);
                return clear ? node : TextNode.valueOf(Masking.mask(node.asText()));
            } catch (InvalidIdentifierException notAParty) {
                return node;
            }
        }
        if (node.isObject()) {
            ObjectNode copy = Json.object();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), parties(field.getValue(), clear, party)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.NODES.arrayNode();
            node.forEach(element -> copy.add(parties(element, clear, party)));
            return copy;
        }
        return node;
    }

    /** The department whose source delivered the change. */
    private static String department(Quarantine.Entry entry) {
        return entry.envelope() == null ? null : entry.envelope().path("source").path("department").asText(null);
    }

    /** The entry, when it exists and belongs to one of the caller's departments. */
    private Quarantine.Entry stewarded(Client client, long id) {
        Quarantine.Entry entry = held(id);
        AccessPolicy.requireSteward(client, department(entry));
        return entry;
    }

    private Answer replayOne(ApiRequest request) {
        long id = request.id("id");
        stewarded(request.caller(), id);
        QuarantineReplay.Result result = replay.replay(id);
        return Answer.json(result.outcome() == QuarantineReplay.Outcome.NOT_HELD ? 409 : 200, resultJson(result));
    }

    private Answer replayAll(ApiRequest request) {
        String source = request.name("source", Names.SOURCE_ID).orElse(null);
        if (request.caller().role() != Role.OPERATOR) {
            // An administrator replays one source of its own departments at a time.
            if (source == null) {
                throw new AccessDenied("department_not_stewarded", "an administrator names the source to replay (query parameter 'source');"
                        + " replaying every source is for an operator");
            }
            quarantine.list(source, null, 1).forEach(entry -> AccessPolicy.requireSteward(request.caller(), department(entry)));
        }
        ArrayNode results = Json.NODES.arrayNode();
        replay.replayAll(source).forEach(result -> results.add(resultJson(result)));
        return Answer.ok(Json.object().set("results", results));
    }

    private Answer discard(ApiRequest request) {
        long id = request.id("id");
        Discard body = request.body(Discard.class);
        if (body.note() == null || body.note().isBlank()) {
            throw Refusal.badRequest("missing_field", "note: say why the change is discarded");
        }
        String note = BodyFields.required(body.note(), "note", MAX_NOTE);
        stewarded(request.caller(), id);
        if (!quarantine.discard(id, note)) {
            throw new Refusal(409, "not_held", "quarantine entry " + id + " is not held");
        }
        return Answer.ok(Json.object().put("id", id).put("status", "discarded"));
    }

    /** The entry, or 404. */
    private Quarantine.Entry held(long id) {
        Optional<Quarantine.Entry> entry = quarantine.find(id);
        return entry.orElseThrow(() -> Refusal.notFound("no quarantine entry " + id));
    }

    /** An entry as JSON, the envelope included only when asked (it holds the raw row). */
    public static ObjectNode entryJson(Quarantine.Entry entry, boolean withEnvelope) {
        ObjectNode node = Json.object()
                .put("id", entry.id()).put("source", entry.sourceId()).put("table", entry.table())
                .put("rowKey", Masking.maskIdentityNumbers(entry.rowKey())).put("position", entry.position()).put("route", entry.routeId())
                .put("status", entry.status().name().toLowerCase()).put("receivedAt", entry.receivedAt().toString())
                .put("note", entry.note());
        node.set("reasons", reasonsJson(entry.reasons()));
        if (withEnvelope) {
            node.set("envelope", entry.envelope());
        }
        return node;
    }

    private static ObjectNode resultJson(QuarantineReplay.Result result) {
        ObjectNode node = Json.object().put("id", result.id()).put("outcome", result.outcome().name().toLowerCase());
        if (!result.reasons().isEmpty()) {
            node.set("reasons", reasonsJson(result.reasons()));
        }
        return node;
    }

    private static ArrayNode reasonsJson(List<FieldViolation> reasons) {
        ArrayNode array = Json.NODES.arrayNode();
        reasons.forEach(r -> array.addObject().put("field", r.field()).put("reason", r.reason()));
        return array;
    }
}
