/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.onceonly.access.AccessDenied;
import org.onceonly.access.AccessLog;
import org.onceonly.access.AccessPolicy;
import org.onceonly.access.Capability;
import org.onceonly.access.Client;
import org.onceonly.access.FieldDecision;
import org.onceonly.access.Grant;
import org.onceonly.access.MaskedValue;
import org.onceonly.access.PartiesShown;
import org.onceonly.access.RecordKeys;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Body;
import org.onceonly.api.BodyFields;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.Names;
import org.onceonly.api.Refusal;
import org.onceonly.api.StrictJson;
import org.onceonly.api.SubjectKeys;
import org.onceonly.pool.CorrectionStore;
import org.onceonly.pool.MaterialStore;
import org.onceonly.pool.PoolReader;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * Corrections: a citizen, through a platform client, disputes one value of a golden record; the department
 * that owns the value sees it and resolves it. Until then the field is shown as disputed.
 * <ul>
 *   <li>{@code POST /v1/corrections} — platform client, capability {@code corrections};</li>
 *   <li>{@code GET /v1/admin/corrections?department=&status=&limit=} — administrator, under a purpose granted to
 *       it: the corrections of its departments, each disputed value as its grant shows the field, logged per party;</li>
 *   <li>{@code POST /v1/admin/corrections/{id}/resolve} — an administrator of the owning department (or an operator),
 *       {@code {outcome, note}}.</li>
 * </ul>
 * Filing needs a purpose that reads the disputed field, and answers alike whether or not the pool holds the record.
 * Accepting a correction changes nothing in the pool: the department fixes its own database, and the fixed
 * value arrives through its source like any other change.
 */
public final class CorrectionsApi implements Endpoints {
    private static final int MAX_NOTE = 2000;
    private static final int MAX_VALUE = 1000;
    private final SchemaCatalog schemas;
    private final PoolReader reader;
    private final CorrectionStore corrections;
    private final MaterialStore materials;
    private final AccessLog accessLog;

    /** The body of {@code POST /v1/corrections}; {@code proposedValue} may be text, a number or a boolean. */
    record CorrectionRequest(@JsonProperty("subject") String subject, @JsonProperty("entity") String entity,
                             @JsonProperty("field") String field, @JsonProperty("proposedValue") JsonNode proposedValue,
                             @JsonProperty("note") String note, @JsonProperty("material") String material) {}

    /** The body of {@code POST /v1/admin/corrections/{id}/resolve}. */
    record Resolution(@JsonProperty("outcome") String outcome, @JsonProperty("note") String note) {}

    public CorrectionsApi(SchemaCatalog schemas, PoolReader reader, CorrectionStore corrections, MaterialStore materials,
                          AccessLog accessLog) {
        this.schemas = schemas;
        this.reader = reader;
        this.corrections = corrections;
        this.materials = materials;
        this.accessLog = accessLog;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.post("/v1/corrections").forClients().body(Body.JSON).to(this::file);
        routes.get("/v1/admin/corrections").forAdministrators().query("department", "status", "limit").to(this::list);
        routes.post("/v1/admin/corrections/{id}/resolve").forAdministrators().body(Body.JSON).to(this::resolve);
    }

    private Answer file(ApiRequest httpRequest) {
        Client client = httpRequest.caller();
        Grant grant = AccessPolicy.grantFor(client, httpRequest.purpose(), Capability.CORRECTIONS);
        CorrectionRequest request = httpRequest.body(CorrectionRequest.class);
        String entityName = BodyFields.required(request.entity(), "entity", 64);
        CanonicalSchema schema = schemas.find(entityName).orElseThrow(() -> Refusal.badRequest("unknown_entity",
                "field 'entity': no canonical entity named '" + StrictJson.printable(entityName) + "'"));
        String field = BodyFields.required(request.field(), "field", 64);
        if (!schema.fieldNames().contains(field)) {
            throw Refusal.badRequest("unknown_field", "field 'field': " + schema.entity() + " has no field '" + StrictJson.printable(field) + "'");
        }
        String subject = SubjectKeys.record("field 'subject'", schema, BodyFields.required(request.subject(), "subject", 64));
        // Disputing a value means having been shown it: the purpose must read the field.
        FieldDecision decision = AccessPolicy.decide(grant, schema, field);
        if (!decision.shown()) {
            throw new AccessDenied("field_not_granted", "field " + decision.path() + " withheld: " + decision.reason());
        }
        String note = BodyFields.required(request.note(), "note", MAX_NOTE);
        String proposed = proposedValue(request.proposedValue());
        String material = BodyFields.optional(request.material(), "material", 80);
        if (material != null && !MaterialStore.isRef(material)) {
            throw Refusal.badRequest("invalid_field", "field 'material' is a material reference: 'sha256:' and 64 lower-case hex digits");
        }
        if (material != null && !materials.isLinked(subject, material)) {
            throw Refusal.badRequest("unknown_material", "field 'material': the subject has no material with this reference; "
                    + "upload it for the same subject first");
        }
        // Filed alike whether or not the pool holds the record: the answer must not tell which. The owning
        // department then finds nothing to correct and rejects it.
        Optional<PoolReader.GoldenRecord> record = reader.golden(schema.entity(), subject);
        String department = record.flatMap(r -> owner(schema, field, r)).or(() -> schema.authorityFor(field).stream().findFirst())
                .orElseThrow(() -> new Refusal(422, "no_owning_department",
                        "the schema names no department authoritative for " + schema.entity() + "." + field));
        CorrectionStore.Correction correction = corrections.file(new CorrectionStore.Dispute(schema.entity(), subject, field, proposed,
                note, material, department, client.id(), grant.purpose()));
        PartiesShown shown = new PartiesShown();
        shown.record(schema, subject, record.map(PoolReader.GoldenRecord::fields).orElse(Json.object()), List.of(decision.path()));
        accessLog.appendAll(shown.events(client, grant.purpose(), "correction"));
        return Answer.json(201, json(correction, null));
    }

    /** The department whose value the golden record shows for the field, else the field's first authority. */
    private static Optional<String> owner(CanonicalSchema schema, String field, PoolReader.GoldenRecord record) {
        JsonNode shown = record.fields().path(field).get("department");
        if (shown != null && shown.isTextual()) {
            return Optional.of(shown.asText());
        }
        return schema.authorityFor(field).stream().findFirst();
    }

    private Answer list(ApiRequest request) {
        Client client = request.caller();
        Grant grant = AccessPolicy.grantFor(client, request.purpose());
        String department = request.name("department", Names.DEPARTMENT).orElse(null);
        if (department != null) {
            AccessPolicy.requireSteward(client, department);
        }
        String statusText = request.query("status").orElse("open");
        CorrectionStore.Status status = null;
        if (!statusText.equals("all")) {
            status = CorrectionStore.Status.of(statusText).orElseThrow(() -> Refusal.badRequest("invalid_parameter",
                    "status must be open, accepted, rejected or all"));
        }
        int limit = request.wholeNumber("limit", 100, 1, 1000);
        ArrayNode list = Json.NODES.arrayNode();
        PartiesShown shown = new PartiesShown();
        RecordKeys keys = new RecordKeys(grant);
        for (CorrectionStore.Correction correction : corrections.list(department, status, limit)) {
            CorrectionStore.Dispute dispute = correction.dispute();
            CanonicalSchema schema = schemas.find(dispute.entity()).orElse(null);
            if (schema == null || !client.stewards(dispute.department())) {
                continue;
            }
            // The disputed value and the citizen's proposal are shown as the administrator's grant shows that field.
            FieldDecision decision = AccessPolicy.decide(grant, schema, dispute.field());
            ObjectNode node = json(correction, decision);
            node.put("subject", keys.key(schema, dispute.subject()));
            list.add(node);
            if (decision.shown()) {
                shown.record(schema, dispute.subject(), reader.golden(schema.entity(), dispute.subject())
                        .map(PoolReader.GoldenRecord::fields).orElse(Json.object()), List.of(decision.path(), "Correction.proposedValue"));
            }
        }
        CompletableFuture<Void> entries = accessLog.record(shown.events(client, grant.purpose(), "corrections"));
        return Answer.ok(Json.object().set("corrections", list)).sentAfter(entries);
    }

    private Answer resolve(ApiRequest httpRequest) {
        long id = httpRequest.id("id");
        Resolution request = httpRequest.body(Resolution.class);
        CorrectionStore.Status outcome = CorrectionStore.Status.of(BodyFields.required(request.outcome(), "outcome", 16))
                .filter(status -> status != CorrectionStore.Status.OPEN)
                .orElseThrow(() -> Refusal.badRequest("invalid_field", "field 'outcome' must be accepted or rejected"));
        String note = BodyFields.optional(request.note(), "note", MAX_NOTE);
        if (note == null && outcome == CorrectionStore.Status.REJECTED) {
            throw Refusal.badRequest("missing_field", "field 'note' is missing: a rejection tells the citizen why");
        }
        CorrectionStore.Correction filed = corrections.find(id).orElseThrow(() -> new Refusal(404, "not_found", "no correction " + id));
        AccessPolicy.requireSteward(httpRequest.caller(), filed.dispute().department());
        Optional<CorrectionStore.Correction> resolved = corrections.resolve(id, outcome, note, httpRequest.caller().id());
        if (resolved.isEmpty()) {
            CorrectionStore.Correction existing = corrections.find(id).orElseThrow(() -> new Refusal(404, "not_found",
                    "no correction " + id));
            throw new Refusal(409, "already_resolved", "correction " + id + " was " + existing.status().word() + " at "
                    + existing.resolvedAt() + "; a resolution is final");
        }
        // The resolution answers without the disputed data: that is shown only under a stewardship grant (the list).
        ObjectNode answer = json(resolved.get(), null);
        answer.remove(List.of("subject", "proposedValue", "note"));
        return Answer.ok(answer);
    }

    /** A correction; with a decision, the proposed value and the note as that decision shows the field (null: as filed). */
    private static ObjectNode json(CorrectionStore.Correction correction, FieldDecision decision) {
        CorrectionStore.Dispute dispute = correction.dispute();
        ObjectNode node = Json.object().put("id", correction.id()).put("status", correction.status().word())
                .put("entity", dispute.entity()).put("subject", dispute.subject()).put("field", dispute.field());
        if (decision == null || decision.verdict() == FieldDecision.Verdict.ALLOW) {
            node.put("proposedValue", dispute.proposedValue()).put("note", dispute.note());
        } else if (decision.verdict() == FieldDecision.Verdict.MASK) {
            node.put("proposedValue", dispute.proposedValue() == null ? null : MaskedValue.STARS).put("note", MaskedValue.STARS)
                    .put("masked", true);
        } else {
            node.put("withheld", decision.reason());
        }
        node.put("material", dispute.material())
                .put("department", dispute.department()).put("filedBy", dispute.clientId()).put("purpose", dispute.purpose())
                .put("createdAt", correction.createdAt().toString());
        node.put("resolvedAt", instant(correction.resolvedAt())).put("resolvedBy", correction.resolvedBy())
                .put("resolutionNote", correction.resolutionNote());
        return node;
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The value the citizen proposes: text, or a number or boolean kept as its JSON text; absent is fine. */
    private static String proposedValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw Refusal.badRequest("invalid_field", "field 'proposedValue' must be text, a number or a boolean");
        }
        String text = value.asText();
        if (text.length() > MAX_VALUE) {
            throw Refusal.badRequest("invalid_field", "field 'proposedValue' is longer than " + MAX_VALUE + " characters");
        }
        return text;
    }

}
