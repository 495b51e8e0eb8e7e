/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.onceonly.access.AccessLog;
import org.onceonly.access.AccessPolicy;
import org.onceonly.access.Client;
import org.onceonly.access.FieldDecision;
import org.onceonly.access.Grant;
import org.onceonly.access.MaskedValue;
import org.onceonly.access.PartiesShown;
import org.onceonly.access.RecordKeys;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.Names;
import org.onceonly.api.Refusal;
import org.onceonly.pool.PoolReader;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * {@code GET /v1/admin/conflicts?entity=&department=&limit=}: where departments disagree, for data stewards.
 * The candidates are personal data: the administrator names a purpose granted to it ({@code data-stewardship}),
 * sees each field as that grant decides (withheld, masked or clear), only the conflicts its departments are
 * part of, and every person or organisation shown gets an access-log entry.
 */
public final class ConflictApi implements Endpoints {
    private final SchemaCatalog schemas;
    private final PoolReader reader;

    private final AccessLog accessLog;

    public ConflictApi(SchemaCatalog schemas, PoolReader reader, AccessLog accessLog) {
        this.schemas = schemas;
        this.reader = reader;
        this.accessLog = accessLog;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/admin/conflicts").forAdministrators().query("entity", "department", "limit").to(this::conflicts);
    }

    private Answer conflicts(ApiRequest request) {
        Client client = request.caller();
        Grant grant = AccessPolicy.grantFor(client, request.purpose());
        String entity = null;
        Optional<String> named = request.query("entity");
        if (named.isPresent()) {
            entity = schemas.find(named.get()).map(CanonicalSchema::entity).orElseThrow(() -> Refusal.badRequest("invalid_parameter",
                    "entity must be a canonical entity: " + String.join(", ", schemas.all().stream().map(CanonicalSchema::entity).toList())));
        }
        String department = request.name("department", Names.NAME).orElse(null);
        int limit = request.wholeNumber("limit", 100, 1, 1000);
        if (department != null) {
            AccessPolicy.requireSteward(client, department);
        }
        ArrayNode conflicts = Json.NODES.arrayNode();
        PartiesShown shown = new PartiesShown();
        RecordKeys keys = new RecordKeys(grant);
        for (PoolReader.Conflict conflict : reader.conflicts(entity, department, limit)) {
            CanonicalSchema schema = schemas.find(conflict.entity()).orElse(null);
            if (schema == null || conflict.departments().stream().noneMatch(client::stewards)) {
                continue;
            }
            ArrayNode departments = Json.NODES.arrayNode();
            conflict.departments().forEach(departments::add);
            ObjectNode node = conflicts.addObject().put("entity", conflict.entity()).put("subject", keys.key(schema, conflict.subject()))
                    .put("field", conflict.field()).put("detectedAt", conflict.detectedAt().toString());
            node.set("departments", departments);
            FieldDecision decision = AccessPolicy.decide(grant, schema, conflict.field());
            ObjectNode stored = reader.golden(schema.entity(), conflict.subject()).map(PoolReader.GoldenRecord::fields)
                    .orElse(Json.object());
            if (!decision.shown()) {
                node.put("withheld", decision.reason());
                if (node.path("subject").asText().equals(conflict.subject())) {
                    // The record's key, shown in clear, still shows whom the record is about.
                    shown.record(schema, conflict.subject(), stored, List.of(schema.entity() + "." + schema.subjectField()));
                }
                continue;
            }
            ArrayNode candidates = Json.NODES.arrayNode();
            for (JsonNode candidate : conflict.candidates()) {
                ObjectNode copy = candidate.deepCopy();
                if (decision.verdict() == FieldDecision.Verdict.MASK && copy.has("value")) {
                    copy.set("value", MaskedValue.of(schema, conflict.field(), copy.get("value")));
                    copy.put("masked", true);
                }
                candidates.add(copy);
            }
            node.set("candidates", candidates);
            shown.record(schema, conflict.subject(), stored, List.of(decision.path()));
            // Each candidate may name another party (two departments' spouse numbers): those people are shown too.
            for (JsonNode candidate : conflict.candidates()) {
                ObjectNode asStored = Json.object();
                asStored.set(conflict.field(), candidate);
                shown.record(schema, conflict.subject(), asStored, List.of(decision.path()));
            }
        }
        CompletableFuture<Void> entries = accessLog.record(shown.events(client, grant.purpose(), "conflicts"));
        return Answer.ok(Json.object().set("conflicts", conflicts)).sentAfter(entries);
    }
}
