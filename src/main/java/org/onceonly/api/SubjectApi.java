package org.onceonly.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.onceonly.identity.CitizenId;
import org.onceonly.identity.InvalidIdentifierException;
import org.onceonly.pool.PoolReader;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * The pool's public read API.
 * <ul>
 *   <li>{@code GET /v1/subjects/{id}}: everything about a subject — records keyed by it and records naming it;</li>
 *   <li>{@code GET /v1/subjects/{id}/{entity}[?asOf=]}: one entity — the record keyed by the id, or the
 *       records naming it (a person's marriages); {@code asOf} reads the state at a past instant;</li>
 *   <li>{@code GET /health}.</li>
 * </ul>
 */
public final class SubjectApi extends ApiRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // What the pool's timestamps can hold; outside it an instant would fail in the database, not here.
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final List<String> PROVENANCE_ORDER = List.of("value", "source", "department", "asOf", "position");
    private final SchemaCatalog schemas;
    private final PoolReader reader;

    public SubjectApi(SchemaCatalog schemas, PoolReader reader) {
        this.schemas = schemas;
        this.reader = reader;
    }

    @Override
    protected void endpoints() {
        rest("/v1/subjects")
                .get("/{subjectId}").produces("application/json").to("direct:api-subject")
                .get("/{subjectId}/{entity}").produces("application/json").to("direct:api-subject-entity");
        rest("/health")
                .get().produces("application/json").to("direct:api-health");

        from("direct:api-subject").routeId("api-subject").process(this::picture);
        from("direct:api-subject-entity").routeId("api-subject-entity").process(this::subjectEntity);
        from("direct:api-health").routeId("api-health").process(exchange ->
                Json.respond(exchange, 200, NODES.objectNode().put("status", "UP")));
    }

    private void picture(Exchange exchange) {
        Optional<String> subject = subjectKey(exchange, null);
        if (subject.isEmpty()) {
            return;
        }
        List<PoolReader.GoldenRecord> records = reader.picture(subject.get());
        if (records.isEmpty()) {
            ApiError.respond(exchange, 404, "not_found", "the pool holds nothing about this subject");
            return;
        }
        ObjectNode byEntity = NODES.objectNode();
        for (PoolReader.GoldenRecord record : records) {
            CanonicalSchema schema = schemas.find(record.entity()).orElse(null);
            if (schema != null) {
                ((ArrayNode) byEntity.withArray(record.entity())).add(recordJson(schema, record.subject(), record.roles(), record.fields()));
            }
        }
        ObjectNode body = NODES.objectNode().put("subject", subject.get());
        body.set("records", byEntity);
        Json.respond(exchange, 200, body);
    }

    private void subjectEntity(Exchange exchange) {
        String entity = exchange.getMessage().getHeader("entity", String.class);
        Optional<CanonicalSchema> schema = schemas.find(entity);
        if (schema.isEmpty()) {
            ApiError.respond(exchange, 404, "unknown_entity", "no entity named '" + sanitize(entity) + "'");
            return;
        }
        Optional<String> subject = subjectKey(exchange, schema.get());
        if (subject.isEmpty()) {
            return;
        }
        String asOfText = exchange.getMessage().getHeader("asOf", String.class);
        Instant asOf = null;
        if (asOfText != null) {
            try {
                asOf = OffsetDateTime.parse(asOfText).toInstant();
            } catch (DateTimeParseException e) {
                asOf = null;
            }
            if (asOf == null || asOf.isBefore(EARLIEST) || asOf.isAfter(LATEST)) {
                ApiError.respond(exchange, 400, "invalid_parameter",
                        "asOf must be an ISO-8601 instant from the year 1 to 9999, such as 2026-01-01T00:00:00Z");
                return;
            }
        }
        Optional<ObjectNode> own = asOf == null
                ? reader.golden(schema.get().entity(), subject.get()).map(PoolReader.GoldenRecord::fields)
                : reader.asOf(schema.get(), subject.get(), asOf);
        if (own.isPresent()) {
            ObjectNode body = NODES.objectNode().put("subject", subject.get()).put("entity", schema.get().entity());
            if (asOf != null) {
                body.put("asOf", asOf.toString());
            }
            body.set("fields", inSchemaOrder(schema.get(), own.get()));
            Json.respond(exchange, 200, body);
            return;
        }
        List<PoolReader.GoldenRecord> naming = reader.naming(schema.get().entity(), subject.get());
        ArrayNode records = NODES.arrayNode();
        for (PoolReader.GoldenRecord record : naming) {
            Optional<ObjectNode> fields = asOf == null ? Optional.of(record.fields()) : reader.asOf(schema.get(), record.subject(), asOf);
            fields.ifPresent(f -> records.add(recordJson(schema.get(), record.subject(), record.roles(), f)));
        }
        if (records.isEmpty()) {
            ApiError.respond(exchange, 404, "not_found", "the pool holds no " + schema.get().entity() + " record for this subject"
                    + (asOf == null ? "" : " as of " + asOf));
            return;
        }
        ObjectNode body = NODES.objectNode().put("subject", subject.get()).put("entity", schema.get().entity());
        if (asOf != null) {
            body.put("asOf", asOf.toString());
        }
        body.set("records", records);
        Json.respond(exchange, 200, body);
    }

    /**
     * The subject key from the path, validated: by the entity's own identifier rule when it has one, and
     * anything shaped like an identity number by GB 11643. Responds 400 and returns empty when invalid.
     */
    private static Optional<String> subjectKey(Exchange exchange, CanonicalSchema schema) {
        String raw = exchange.getMessage().getHeader("subjectId", String.class);
        try {
            if (schema != null && schema.subjectIdentifier() != null) {
                return Optional.of(schema.normaliseSubject(raw));
            }
            String key = raw == null ? "" : raw.strip();
            if (key.matches("\\d{15}|\\d{17}[0-9Xx]")) {
                return Optional.of(CitizenId.parse(key).value());
            }
            if (!key.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                ApiError.respond(exchange, 400, "invalid_subject", "a subject key is 1 to 64 letters, digits, '.', '_' or '-'");
                return Optional.empty();
            }
            return Optional.of(key);
        } catch (InvalidIdentifierException e) {
            ApiError.respond(exchange, 400, "invalid_subject", e.reason());
            return Optional.empty();
        }
    }

    private static ObjectNode recordJson(CanonicalSchema schema, String key, List<String> roles, ObjectNode fields) {
        ObjectNode node = NODES.objectNode().put("entity", schema.entity()).put("key", key);
        if (!roles.isEmpty()) {
            ArrayNode asRoles = node.putArray("roles");
            roles.forEach(asRoles::add);
        }
        node.set("fields", inSchemaOrder(schema, fields));
        return node;
    }

    /** Fields in the schema's order, each as {value, source, department, asOf, position}. */
    private static ObjectNode inSchemaOrder(CanonicalSchema schema, ObjectNode stored) {
        ObjectNode ordered = NODES.objectNode();
        for (String field : schema.fieldNames()) {
            JsonNode value = stored.get(field);
            if (value != null) {
                ObjectNode node = ordered.putObject(field);
                for (String key : PROVENANCE_ORDER) {
                    if (value.has(key)) {
                        node.set(key, value.get(key));
                    }
                }
            }
        }
        return ordered;
    }

    /** Echo only a harmless excerpt of a path segment. */
    private static String sanitize(String text) {
        String cleaned = text == null ? "" : text.replaceAll("[^A-Za-z0-9_-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
    }
}
