package org.onceonly.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.onceonly.identity.InvalidIdentifierException;
import org.onceonly.pool.PoolReader;
import org.onceonly.schema.CanonicalSchema;
import org.onceonly.schema.SchemaCatalog;

/**
 * The pool's public read API: {@code GET /v1/subjects/{subjectId}/{entity}} returns a subject's golden
 * record, each field with its provenance; {@code GET /health} says the hub is up.
 */
public final class SubjectApi extends ApiRoutes {
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
                .get("/{subjectId}/{entity}").produces("application/json").to("direct:api-subject-entity");
        rest("/health")
                .get().produces("application/json").to("direct:api-health");

        from("direct:api-subject-entity").routeId("api-subject-entity").process(this::subjectEntity);
        from("direct:api-health").routeId("api-health").process(exchange ->
                Json.respond(exchange, 200, JsonNodeFactory.instance.objectNode().put("status", "UP")));
    }

    private void subjectEntity(Exchange exchange) {
        String entity = exchange.getMessage().getHeader("entity", String.class);
        String rawSubject = exchange.getMessage().getHeader("subjectId", String.class);
        Optional<CanonicalSchema> schema = schemas.find(entity);
        if (schema.isEmpty()) {
            ApiError.respond(exchange, 404, "unknown_entity", "no entity named '" + sanitize(entity) + "'");
            return;
        }
        String subject;
        try {
            subject = schema.get().normaliseSubject(rawSubject);
        } catch (InvalidIdentifierException e) {
            ApiError.respond(exchange, 400, "invalid_subject", e.reason());
            return;
        }
        Optional<PoolReader.GoldenRecord> golden = reader.golden(schema.get().entity(), subject);
        if (golden.isEmpty()) {
            ApiError.respond(exchange, 404, "not_found", "the pool holds no " + schema.get().entity() + " record for this subject");
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("subject", subject);
        body.put("entity", schema.get().entity());
        body.set("fields", inSchemaOrder(schema.get(), golden.get().fields()));
        body.put("updatedAt", golden.get().updatedAt().toString());
        Json.respond(exchange, 200, body);
    }

    /** Fields in the schema's order, each as {value, source, department, asOf, position}. */
    private static ObjectNode inSchemaOrder(CanonicalSchema schema, ObjectNode stored) {
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
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
