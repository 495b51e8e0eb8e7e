package org.onceonly.api.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
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

/** {@code GET /v1/admin/conflicts?entity=&department=&limit=}: where departments disagree, for data stewards. */
public final class ConflictApi implements Endpoints {
    private final SchemaCatalog schemas;
    private final PoolReader reader;

    public ConflictApi(SchemaCatalog schemas, PoolReader reader) {
        this.schemas = schemas;
        this.reader = reader;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/admin/conflicts").forAdministrators().query("entity", "department", "limit").to(this::conflicts);
    }

    private Answer conflicts(ApiRequest request) {
        String entity = null;
        Optional<String> named = request.query("entity");
        if (named.isPresent()) {
            entity = schemas.find(named.get()).map(CanonicalSchema::entity).orElseThrow(() -> Refusal.badRequest("invalid_parameter",
                    "entity must be a canonical entity: " + String.join(", ", schemas.all().stream().map(CanonicalSchema::entity).toList())));
        }
        String department = request.name("department", Names.NAME).orElse(null);
        int limit = request.wholeNumber("limit", 100, 1, 1000);
        ArrayNode conflicts = Json.NODES.arrayNode();
        for (PoolReader.Conflict conflict : reader.conflicts(entity, department, limit)) {
            ArrayNode departments = Json.NODES.arrayNode();
            conflict.departments().forEach(departments::add);
            ObjectNode node = conflicts.addObject().put("entity", conflict.entity()).put("subject", conflict.subject())
                    .put("field", conflict.field()).put("detectedAt", conflict.detectedAt().toString());
            node.set("departments", departments);
            node.set("candidates", conflict.candidates());
        }
        return Answer.ok(Json.object().set("conflicts", conflicts));
    }
}
