package org.onceonly.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.onceonly.api.ApiError;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Authentication;
import org.onceonly.api.Json;
import org.onceonly.api.Parameters;
import org.onceonly.pool.Quarantine;
import org.onceonly.pool.QuarantineReplay;
import org.onceonly.schema.FieldViolation;

/**
 * Admin endpoints over the quarantine: list, show (with the raw change), summary, replay, discard.
 * An entry's envelope holds the department's row as it came, personal data included: these endpoints are
 * for data stewards only.
 */
public final class QuarantineApi extends ApiRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_LIMIT = 1000;
    private static final int MAX_NOTE = 2000;
    private final Quarantine quarantine;
    private final QuarantineReplay replay;

    public QuarantineApi(Authentication authentication, Quarantine quarantine, QuarantineReplay replay) {
        super(authentication);
        this.quarantine = quarantine;
        this.replay = replay;
    }

    @Override
    protected void endpoints() {
        rest("/v1/admin/quarantine")
                .get().produces("application/json").to("direct:admin-quarantine-list")
                .get("/summary").produces("application/json").to("direct:admin-quarantine-summary")
                .post("/replay").produces("application/json").to("direct:admin-quarantine-replay-all")
                .get("/{id}").produces("application/json").to("direct:admin-quarantine-show")
                .post("/{id}/replay").produces("application/json").to("direct:admin-quarantine-replay")
                .post("/{id}/discard").produces("application/json").to("direct:admin-quarantine-discard");

        from("direct:admin-quarantine-list").routeId("admin-quarantine-list").process(administrator()).process(this::list);
        from("direct:admin-quarantine-summary").routeId("admin-quarantine-summary").process(administrator()).process(this::summary);
        from("direct:admin-quarantine-show").routeId("admin-quarantine-show").process(administrator()).process(this::show);
        from("direct:admin-quarantine-replay").routeId("admin-quarantine-replay").process(administrator()).process(this::replayOne);
        from("direct:admin-quarantine-replay-all").routeId("admin-quarantine-replay-all").process(administrator()).process(this::replayAll);
        from("direct:admin-quarantine-discard").routeId("admin-quarantine-discard").process(administrator()).process(this::discard);
    }

    private void list(Exchange exchange) {
        if (Parameters.refused(exchange, "source", Parameters.SOURCE_ID, "a source id (lower-case letters, digits, '-')")) {
            return;
        }
        String source = exchange.getMessage().getHeader("source", String.class);
        String statusText = exchange.getMessage().getHeader("status", "held", String.class);
        Quarantine.Status status;
        try {
            status = statusText.equals("all") ? null : Quarantine.Status.valueOf(statusText.toUpperCase());
        } catch (IllegalArgumentException e) {
            ApiError.respond(exchange, 400, "invalid_parameter", "status must be held, replayed, discarded or all");
            return;
        }
        int limit = wholeNumber(exchange, "limit", 100, 1, MAX_LIMIT);
        ArrayNode entries = NODES.arrayNode();
        quarantine.list(source, status, limit).forEach(entry -> entries.add(entryJson(entry, false)));
        Json.respond(exchange, 200, NODES.objectNode().set("entries", entries));
    }

    private void summary(Exchange exchange) {
        ArrayNode counts = NODES.arrayNode();
        for (Quarantine.Count count : quarantine.heldCounts()) {
            counts.addObject().put("source", count.sourceId()).put("field", count.field())
                    .put("reason", count.reason()).put("held", count.held());
        }
        Json.respond(exchange, 200, NODES.objectNode().set("held", counts));
    }

    private void show(Exchange exchange) {
        Long id = id(exchange);
        if (id == null) {
            return;
        }
        Optional<Quarantine.Entry> entry = quarantine.find(id);
        if (entry.isEmpty()) {
            ApiError.respond(exchange, 404, "not_found", "no quarantine entry " + id);
            return;
        }
        Json.respond(exchange, 200, entryJson(entry.get(), true));
    }

    private void replayOne(Exchange exchange) {
        Long id = id(exchange);
        if (id == null) {
            return;
        }
        if (quarantine.find(id).isEmpty()) {
            ApiError.respond(exchange, 404, "not_found", "no quarantine entry " + id);
            return;
        }
        QuarantineReplay.Result result = replay.replay(id);
        int status = result.outcome() == QuarantineReplay.Outcome.NOT_HELD ? 409 : 200;
        Json.respond(exchange, status, resultJson(result));
    }

    private void replayAll(Exchange exchange) {
        if (Parameters.refused(exchange, "source", Parameters.SOURCE_ID, "a source id (lower-case letters, digits, '-')")) {
            return;
        }
        String source = exchange.getMessage().getHeader("source", String.class);
        ArrayNode results = NODES.arrayNode();
        replay.replayAll(source).forEach(result -> results.add(resultJson(result)));
        Json.respond(exchange, 200, NODES.objectNode().set("results", results));
    }

    private void discard(Exchange exchange) {
        Long id = id(exchange);
        if (id == null) {
            return;
        }
        JsonNode body;
        try {
            String text = exchange.getMessage().getBody(String.class);
            body = text == null || text.isBlank() ? NODES.objectNode() : JSON.readTree(text);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            ApiError.respond(exchange, 400, "invalid_json", "the body must be a JSON object such as {\"note\": \"why\"}");
            return;
        }
        for (java.util.Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("note")) {
                ApiError.respond(exchange, 400, "unknown_field", "the body takes only note, not " + excerpt(field));
                return;
            }
        }
        JsonNode noteNode = body.path("note");
        if (noteNode.isMissingNode() || noteNode.isNull() || (noteNode.isTextual() && noteNode.asText().isBlank())) {
            ApiError.respond(exchange, 400, "missing_field", "note: say why the change is discarded");
            return;
        }
        if (!noteNode.isTextual() || noteNode.asText().length() > MAX_NOTE) {
            ApiError.respond(exchange, 400, "invalid_field", "note must be text of at most " + MAX_NOTE + " characters");
            return;
        }
        String note = noteNode.asText();
        if (quarantine.find(id).isEmpty()) {
            ApiError.respond(exchange, 404, "not_found", "no quarantine entry " + id);
            return;
        }
        if (!quarantine.discard(id, note)) {
            ApiError.respond(exchange, 409, "not_held", "quarantine entry " + id + " is not held");
            return;
        }
        Json.respond(exchange, 200, NODES.objectNode().put("id", id).put("status", "discarded"));
    }

    /** A name from the request, echoed only as a harmless excerpt. */
    private static String excerpt(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9_.-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
    }

    private static Long id(Exchange exchange) {
        String text = exchange.getMessage().getHeader("id", String.class);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            ApiError.respond(exchange, 400, "invalid_parameter", "id must be a whole number");
            return null;
        }
    }

    /** An entry as JSON, the envelope included only when asked (it holds the raw row). */
    public static ObjectNode entryJson(Quarantine.Entry entry, boolean withEnvelope) {
        ObjectNode node = NODES.objectNode()
                .put("id", entry.id()).put("source", entry.sourceId()).put("table", entry.table())
                .put("rowKey", entry.rowKey()).put("position", entry.position()).put("route", entry.routeId())
                .put("status", entry.status().name().toLowerCase()).put("receivedAt", entry.receivedAt().toString())
                .put("note", entry.note());
        node.set("reasons", reasonsJson(entry.reasons()));
        if (withEnvelope) {
            node.set("envelope", entry.envelope());
        }
        return node;
    }

    private static ObjectNode resultJson(QuarantineReplay.Result result) {
        ObjectNode node = NODES.objectNode().put("id", result.id()).put("outcome", result.outcome().name().toLowerCase());
        if (!result.reasons().isEmpty()) {
            node.set("reasons", reasonsJson(result.reasons()));
        }
        return node;
    }

    private static ArrayNode reasonsJson(List<FieldViolation> reasons) {
        ArrayNode array = NODES.arrayNode();
        reasons.forEach(r -> array.addObject().put("field", r.field()).put("reason", r.reason()));
        return array;
    }
}
