package org.onceonly.api.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.camel.Exchange;
import org.onceonly.api.ApiError;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Authentication;
import org.onceonly.api.Json;
import org.onceonly.api.Parameters;
import org.onceonly.pool.PoolReader;
import org.onceonly.schema.SchemaCatalog;

/** {@code GET /v1/admin/conflicts?entity=&department=&limit=}: where departments disagree, for data stewards. */
public final class ConflictApi extends ApiRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final SchemaCatalog schemas;
    private final PoolReader reader;

    public ConflictApi(Authentication authentication, SchemaCatalog schemas, PoolReader reader) {
        super(authentication);
        this.schemas = schemas;
        this.reader = reader;
    }

    @Override
    protected void endpoints() {
        rest("/v1/admin/conflicts").get().produces("application/json").to("direct:admin-conflicts");
        from("direct:admin-conflicts").routeId("admin-conflicts").process(administrator()).process(this::conflicts);
    }

    private void conflicts(Exchange exchange) {
        String entity = exchange.getMessage().getHeader("entity", String.class);
        if (entity != null) {
            java.util.Optional<org.onceonly.schema.CanonicalSchema> schema = schemas.find(entity);
            if (schema.isEmpty()) {
                ApiError.respond(exchange, 400, "invalid_parameter", "entity must be a canonical entity: "
                        + String.join(", ", schemas.all().stream().map(org.onceonly.schema.CanonicalSchema::entity).toList()));
                return;
            }
            entity = schema.get().entity();
        }
        if (Parameters.refused(exchange, "department", Parameters.NAME, "a department name (letters, digits, '.', '_', '-')")) {
            return;
        }
        String department = exchange.getMessage().getHeader("department", String.class);
        int limit = wholeNumber(exchange, "limit", 100, 1, 1000);
        ArrayNode conflicts = NODES.arrayNode();
        for (PoolReader.Conflict conflict : reader.conflicts(entity, department, limit)) {
            ArrayNode departments = NODES.arrayNode();
            conflict.departments().forEach(departments::add);
            conflicts.addObject().put("entity", conflict.entity()).put("subject", conflict.subject())
                    .put("field", conflict.field()).put("detectedAt", conflict.detectedAt().toString())
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("departments", departments)
                    .set("candidates", conflict.candidates());
        }
        Json.respond(exchange, 200, NODES.objectNode().set("conflicts", conflicts));
    }
}
