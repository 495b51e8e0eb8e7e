/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.pool.PoolReader;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * {@code GET /v1/catalog}: the data catalogue — what the pool shares, on what terms and how fresh it is:
 * each entity with its fields (type, sharing class, sensitivity, authoritative departments, description),
 * its owning departments, and per contributing source the live rows and the last change. No personal data,
 * so no purpose is needed; the caller must still be a registered client.
 */
public final class CatalogApi implements Endpoints {
    private final SchemaCatalog schemas;
    private final PoolReader reader;

    public CatalogApi(SchemaCatalog schemas, PoolReader reader) {
        this.schemas = schemas;
        this.reader = reader;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/catalog").forClients().to(request -> {
            List<PoolReader.Freshness> freshness = reader.freshness();
            ArrayNode entities = Json.NODES.arrayNode();
            for (CanonicalSchema schema : schemas.all()) {
                ObjectNode entity = entities.addObject().put("entity", schema.entity())
                        .put("description", schema.avro().getDoc() == null ? "" : schema.avro().getDoc())
                        .put("subjectKey", schema.subjectField());
                Set<String> owners = new LinkedHashSet<>();
                ArrayNode fields = entity.putArray("fields");
                for (String field : schema.fieldNames()) {
                    ObjectNode node = fields.addObject().put("name", field).put("type", typeName(schema, field))
                            .put("sharing", schema.sharing(field).word()).put("sensitivity", schema.sensitivity(field).word())
                            .put("description", schema.doc(field));
                    ArrayNode authority = node.putArray("authority");
                    schema.authorityFor(field).forEach(authority::add);
                    owners.addAll(schema.authorityFor(field));
                }
                ArrayNode sources = entity.putArray("sources");
                for (PoolReader.Freshness f : freshness) {
                    if (f.entity().equals(schema.entity())) {
                        owners.add(f.department());
                        sources.addObject().put("source", f.sourceId()).put("department", f.department()).put("rows", f.rows())
                                .put("lastChange", f.lastChange().toString()).put("lastApplied", f.lastApplied().toString());
                    }
                }
                ArrayNode departments = entity.putArray("departments");
                owners.forEach(departments::add);
            }
            return Answer.ok(Json.object().set("entities", entities));
        });
    }

    /** The field's Avro type in words: {@code string}, {@code date}, {@code enum}, {@code array}, optional ones end in {@code ?}. */
    private static String typeName(CanonicalSchema schema, String field) {
        org.apache.avro.Schema type = schema.avro().getField(field).schema();
        boolean optional = type.isNullable() && type.getType() == org.apache.avro.Schema.Type.UNION;
        if (optional) {
            type = type.getTypes().stream().filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).findFirst().orElse(type);
        }
        String name = type.getLogicalType() != null ? type.getLogicalType().getName() : type.getType().getName();
        return optional ? name + "?" : name;
    }
}
