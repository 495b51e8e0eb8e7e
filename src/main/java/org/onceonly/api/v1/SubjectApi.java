/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.onceonly.access.AccessDenied;
import org.onceonly.access.AccessLog;
import org.onceonly.access.AccessPolicy;
import org.onceonly.access.Client;
import org.onceonly.access.Disclosure;
import org.onceonly.access.Grant;
import org.onceonly.access.PartiesShown;
import org.onceonly.access.RecordKeys;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Disputes;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.Refusal;
import org.onceonly.api.StrictJson;
import org.onceonly.api.SubjectKeys;
import org.onceonly.identity.SubjectKey;
import org.onceonly.pool.PoolReader;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * The pool's public read API, for platform clients under a granted purpose (header {@code X-Purpose}).
 * Each field is shown, masked or withheld by the access policy, and every read is written to the access
 * log before the answer leaves (the answer waits for the entries' commit, the worker thread does not): one
 * entry per person or organisation the answer shows ({@link PartiesShown}), not per key in the URL. Record
 * keys and roles appear only as far as the grant shows the fields they reveal ({@link RecordKeys}).
 * <ul>
 *   <li>{@code GET /v1/subjects/{id}}: everything about a subject — records keyed by it and records naming it;</li>
 *   <li>{@code GET /v1/subjects/{id}/{entity}[?asOf=][&fields=a,b]}: one entity — the record keyed by the id,
 *       or the records naming it (a person's marriages, the organisations a person represents); {@code asOf}
 *       reads the state at a past instant; {@code fields} asks for named fields only, and is refused (403) if
 *       any of them is not granted;</li>
 *   <li>{@code GET /health}.</li>
 * </ul>
 * The id is any subject key ({@link SubjectKey#any}): an identity number, a credit code (lower case and
 * all-digit codes too) or a record number, each read the same way on every entity.
 */
public final class SubjectApi implements Endpoints {
    // What the pool's timestamps can hold; outside it an instant would fail in the database, not here.
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private final SchemaCatalog schemas;
    private final PoolReader reader;
    private final AccessLog accessLog;
    private final Disputes disputes;

    public SubjectApi(SchemaCatalog schemas, PoolReader reader, AccessLog accessLog, Disputes disputes) {
        this.schemas = schemas;
        this.reader = reader;
        this.accessLog = accessLog;
        this.disputes = disputes;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/subjects/{subjectId}").forClients().to(this::picture);
        routes.get("/v1/subjects/{subjectId}/{entity}").forClients().query("asOf", "fields").to(this::subjectEntity);
        routes.get("/health").forAnyone().to(request -> Answer.ok(Json.object().put("status", "UP")));
    }

    private Answer picture(ApiRequest request) {
        Client client = request.caller();
        Grant grant = AccessPolicy.grantFor(client, request.purpose());
        String subject = SubjectKeys.any("subject", request.path("subjectId")).value();
        List<PoolReader.GoldenRecord> records = reader.picture(subject);
        if (records.isEmpty()) {
            throw Refusal.notFound("the pool holds nothing about this subject");
        }
        ObjectNode byEntity = Json.object();
        PartiesShown shown = new PartiesShown();
        RecordKeys keys = new RecordKeys(grant);
        for (PoolReader.GoldenRecord record : records) {
            CanonicalSchema schema = schemas.find(record.entity()).orElse(null);
            if (schema != null) {
                Disclosure disclosure = Disclosure.of(grant, schema, record.fields(), List.of());
                shown.record(schema, record.subject(), record.fields(), disclosure.loggedFields());
                ((ArrayNode) byEntity.withArray(record.entity())).add(recordJson(schema, record.subject(), record.roles(), disclosure, keys));
            }
        }
        if (shown.isEmpty()) {
            throw new AccessDenied("field_not_granted", "purpose '" + grant.purpose() + "' grants no field the pool holds for this subject");
        }
        CompletableFuture<Void> entries = accessLog.record(shown.events(client, grant.purpose(), "read"));
        ObjectNode body = Json.object().put("subject", subject).put("purpose", grant.purpose());
        body.set("records", byEntity);
        return Answer.ok(body).sentAfter(entries);
    }

    private Answer subjectEntity(ApiRequest request) {
        Client client = request.caller();
        Grant grant = AccessPolicy.grantFor(client, request.purpose());
        String entity = request.path("entity");
        CanonicalSchema schema = schemas.find(entity).orElseThrow(() -> new Refusal(404, "unknown_entity",
                "no entity named '" + StrictJson.printable(entity) + "'"));
        List<String> requested = requestedFields(request, schema);
        SubjectKey key = SubjectKeys.any("subject", request.path("subjectId"));
        String subject = key.value();
        Instant asOf = asOf(request);
        // A historical read is logged as one: the citizen sees that a past state was read, and which.
        String action = asOf == null ? "read" : "read:asOf=" + asOf;
        PartiesShown shown = new PartiesShown();
        // The record keyed by the id when the id can be this entity's own key; else (or when there is none) those naming it.
        Optional<ObjectNode> own = !key.fits(schema.subjectIdentifier()) ? Optional.empty()
                : asOf == null ? reader.golden(schema.entity(), subject).map(PoolReader.GoldenRecord::fields)
                : reader.asOf(schema, subject, asOf);
        if (own.isPresent()) {
            Disclosure disclosure = disclose(grant, schema, own.get(), requested);
            disputes.mark(schema.entity(), subject, disclosure.shown());
            shown.record(schema, subject, own.get(), disclosure.loggedFields());
            CompletableFuture<Void> entries = accessLog.record(shown.events(client, grant.purpose(), action));
            ObjectNode body = Json.object().put("subject", subject).put("entity", schema.entity()).put("purpose", grant.purpose());
            if (asOf != null) {
                body.put("asOf", asOf.toString());
            }
            body.set("fields", disclosure.shown());
            withheld(body, disclosure);
            return Answer.ok(body).sentAfter(entries);
        }
        List<PoolReader.GoldenRecord> naming = reader.naming(schema.entity(), subject);
        ArrayNode records = Json.NODES.arrayNode();
        RecordKeys keys = new RecordKeys(grant);
        for (PoolReader.GoldenRecord record : naming) {
            Optional<ObjectNode> fields = asOf == null ? Optional.of(record.fields()) : reader.asOf(schema, record.subject(), asOf);
            if (fields.isPresent()) {
                Disclosure disclosure = disclose(grant, schema, fields.get(), requested);
                shown.record(schema, record.subject(), fields.get(), disclosure.loggedFields());
                records.add(recordJson(schema, record.subject(), record.roles(), disclosure, keys));
            }
        }
        if (records.isEmpty()) {
            throw Refusal.notFound("the pool holds no " + schema.entity() + " record for this subject" + (asOf == null ? "" : " as of " + asOf));
        }
        CompletableFuture<Void> entries = accessLog.record(shown.events(client, grant.purpose(), action));
        ObjectNode body = Json.object().put("subject", subject).put("entity", schema.entity()).put("purpose", grant.purpose());
        if (asOf != null) {
            body.put("asOf", asOf.toString());
        }
        body.set("records", records);
        return Answer.ok(body).sentAfter(entries);
    }

    private static Instant asOf(ApiRequest request) {
        Optional<String> text = request.query("asOf");
        if (text.isEmpty()) {
            return null;
        }
        Instant asOf;
        try {
            asOf = OffsetDateTime.parse(text.get()).toInstant();
        } catch (DateTimeParseException e) {
            asOf = null;
        }
        if (asOf == null || asOf.isBefore(EARLIEST) || asOf.isAfter(LATEST)) {
            throw Refusal.badRequest("invalid_parameter", "asOf must be an ISO-8601 instant from the year 1 to 9999, such as 2026-01-01T00:00:00Z");
        }
        return asOf;
    }

    /** The record as the grant lets the client see it; all-or-nothing when fields are named. */
    private static Disclosure disclose(Grant grant, CanonicalSchema schema, ObjectNode stored, List<String> requested) {
        Disclosure disclosure = Disclosure.of(grant, schema, stored, requested).requireAll(schema.entity(), requested);
        if (disclosure.loggedFields().isEmpty()) {
            throw new AccessDenied("field_not_granted", "purpose '" + grant.purpose() + "' grants no field of " + schema.entity()
                    + (disclosure.withheld().isEmpty() ? "" : "; for example " + disclosure.withheld().values().iterator().next()));
        }
        return disclosure;
    }

    /** The {@code fields} parameter as field names of the schema; refused (400) for an unknown one. */
    private static List<String> requestedFields(ApiRequest request, CanonicalSchema schema) {
        Optional<String> fields = request.query("fields");
        if (fields.isEmpty() || fields.get().isBlank()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : fields.get().split(",")) {
            String field = name.strip();
            if (!schema.fieldNames().contains(field)) {
                throw Refusal.badRequest("unknown_field", schema.entity() + " has no field '" + StrictJson.printable(field) + "'");
            }
            names.add(field);
        }
        return List.copyOf(names);
    }

    private static void withheld(ObjectNode body, Disclosure disclosure) {
        if (!disclosure.withheld().isEmpty()) {
            ObjectNode withheld = body.putObject("withheld");
            disclosure.withheld().forEach(withheld::put);
        }
    }

    /** A record as the grant shows it: its key or a handle, the roles the grant shows, its fields. */
    private ObjectNode recordJson(CanonicalSchema schema, String key, List<String> roles, Disclosure disclosure, RecordKeys keys) {
        ObjectNode node = Json.object().put("entity", schema.entity()).put("key", keys.key(schema, key));
        List<String> shownRoles = keys.roles(schema, roles);
        if (!shownRoles.isEmpty()) {
            ArrayNode asRoles = node.putArray("roles");
            shownRoles.forEach(asRoles::add);
        }
        disputes.mark(schema.entity(), key, disclosure.shown());
        node.set("fields", disclosure.shown());
        withheld(node, disclosure);
        return node;
    }
}
