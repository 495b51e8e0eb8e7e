package org.onceonly.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.camel.Exchange;
import org.onceonly.api.ApiError;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Authentication;
import org.onceonly.api.Json;
import org.onceonly.pool.HeldCounts;
import org.onceonly.pool.Quarantine;
import org.onceonly.source.ManagedSource;
import org.onceonly.source.SourceControl;
import org.onceonly.source.SourceStatus;

/**
 * Admin endpoints for department DBAs and operators: list and watch sources, register one, pause,
 * resume, re-snapshot tables while streaming goes on, and remove.
 */
public final class SourcesApi extends ApiRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SourceControl control;
    private final HeldCounts quarantine;

    /** {@code quarantine} counts held entries without waiting on a pool that is down (status matters most then). */
    public SourcesApi(Authentication authentication, SourceControl control, HeldCounts quarantine) {
        super(authentication);
        this.control = control;
        this.quarantine = quarantine;
    }

    @Override
    protected void endpoints() {
        rest("/v1/admin/sources")
                .get().produces("application/json").to("direct:admin-sources-list")
                .post().consumes("application/yaml").produces("application/json").to("direct:admin-sources-add")
                .get("/{id}").produces("application/json").to("direct:admin-sources-show")
                .post("/{id}/pause").produces("application/json").to("direct:admin-sources-pause")
                .post("/{id}/resume").produces("application/json").to("direct:admin-sources-resume")
                .post("/{id}/resnapshot").produces("application/json").to("direct:admin-sources-resnapshot")
                .delete("/{id}").produces("application/json").to("direct:admin-sources-remove");

        from("direct:admin-sources-list").routeId("admin-sources-list").process(administrator()).process(exchange -> {
            ArrayNode list = NODES.arrayNode();
            HeldCounts.Reading held = quarantine.read();
            control.sources().forEach(source -> list.add(sourceJson(source, held)));
            Json.respond(exchange, 200, NODES.objectNode().set("sources", list));
        });
        from("direct:admin-sources-show").routeId("admin-sources-show").process(administrator())
                .process(exchange -> withSource(exchange, source -> Json.respond(exchange, 200, sourceJson(source, quarantine.read()))));
        from("direct:admin-sources-pause").routeId("admin-sources-pause").process(administrator()).process(exchange -> withSource(exchange, source -> {
            source.pause();
            Json.respond(exchange, 200, sourceJson(source, quarantine.read()));
        }));
        from("direct:admin-sources-resume").routeId("admin-sources-resume").process(administrator()).process(exchange -> withSource(exchange, source -> {
            source.resume();
            Json.respond(exchange, 200, sourceJson(source, quarantine.read()));
        }));
        from("direct:admin-sources-resnapshot").routeId("admin-sources-resnapshot").process(administrator()).process(this::resnapshot);
        from("direct:admin-sources-remove").routeId("admin-sources-remove").process(administrator()).process(exchange -> withSource(exchange, source -> {
            control.remove(source.definition().id());
            Json.respond(exchange, 200, NODES.objectNode().put("id", source.definition().id()).put("status", "removed"));
        }));
        from("direct:admin-sources-add").routeId("admin-sources-add").process(administrator()).process(exchange -> {
            String yaml = exchange.getMessage().getBody(String.class);
            if (yaml == null || yaml.isBlank()) {
                ApiError.respond(exchange, 400, "missing_body", "send the connector file (YAML) as the request body");
                return;
            }
            try {
                Json.respond(exchange, 201, sourceJson(control.register(yaml), quarantine.read()));
            } catch (IllegalArgumentException e) {
                ApiError.respond(exchange, 400, "invalid_connector", e.getMessage());
            }
        });
    }

    private void resnapshot(Exchange exchange) {
        withSource(exchange, source -> {
            List<String> tables = new ArrayList<>();
            String query = exchange.getMessage().getHeader("table", String.class);
            if (query != null) {
                tables.add(query);
            }
            String body = exchange.getMessage().getBody(String.class);
            if (body != null && !body.isBlank()) {
                JsonNode json;
                try {
                    json = JSON.readTree(body);
                } catch (IOException e) {
                    json = null;
                }
                boolean valid = json != null && json.isObject() && json.size() <= 1 && (json.size() == 0 || json.path("tables").isArray());
                if (valid) {
                    for (JsonNode table : json.path("tables")) {
                        valid &= table.isTextual();
                    }
                }
                if (!valid) {
                    ApiError.respond(exchange, 400, "invalid_json", "the body must be {\"tables\": [\"schema.table\", ...]} and nothing else");
                    return;
                }
                json.path("tables").forEach(t -> tables.add(t.asText()));
            }
            if (tables.isEmpty()) {
                tables.addAll(source.definition().tables().stream().map(t -> t.name()).toList());
            }
            try {
                source.resnapshot(tables);
            } catch (IllegalStateException e) {
                ApiError.respond(exchange, 409, "cannot_resnapshot", e.getMessage());
                return;
            }
            ObjectNode response = sourceJson(source, quarantine.read());
            ArrayNode requested = response.putArray("resnapshot");
            tables.forEach(requested::add);
            Json.respond(exchange, 202, response);
        });
    }

    @FunctionalInterface
    private interface SourceAction {
        void run(ManagedSource source);
    }

    private void withSource(Exchange exchange, SourceAction action) {
        String id = exchange.getMessage().getHeader("id", String.class);
        ManagedSource source;
        try {
            source = control.source(id);
        } catch (NoSuchElementException e) {
            ApiError.respond(exchange, 404, "not_found", "no source with that id");
            return;
        }
        try {
            action.run(source);
        } catch (IllegalArgumentException e) {
            ApiError.respond(exchange, 400, "invalid_request", e.getMessage());
        }
    }

    /** A source's registration and live status, with its held quarantine by reason; never its credentials. */
    static ObjectNode sourceJson(ManagedSource source, HeldCounts.Reading held) {
        SourceStatus status = source.status();
        ObjectNode node = NODES.objectNode()
                .put("id", source.definition().id())
                .put("department", source.definition().department())
                .put("owner", source.definition().owner())
                .put("kind", source.definition().kind().id())
                .put("state", status.state().name().toLowerCase());
        ArrayNode tables = node.putArray("tables");
        source.definition().tables().forEach(t -> tables.add(t.name()));
        ObjectNode snapshot = node.putObject("snapshot");
        snapshot.put("rowsDone", status.snapshotRowsDone());
        putKnown(snapshot, "rowsTotal", status.snapshotRowsTotal());
        putKnown(snapshot, "etaSeconds", status.snapshotEtaSeconds());
        ObjectNode lag = node.putObject("lag");
        putKnown(lag, "seconds", status.lagMillis() < 0 ? -1 : status.lagMillis() / 1000);
        putKnown(lag, "bytesBehind", status.bytesBehind());
        putKnown(node, "retainedWalBytes", status.retainedWalBytes());
        node.put("eventsPerSecond", Math.round(status.eventsPerSecond() * 10) / 10.0);
        node.put("events", status.events());
        node.put("lastEventTime", status.lastEventTime() == null ? null : status.lastEventTime().toString());
        node.put("lastPosition", status.lastPosition());
        node.put("lastError", status.lastError());
        node.put("lastErrorTime", status.lastErrorTime() == null ? null : status.lastErrorTime().toString());
        node.put("outageSince", status.outageSince() == null ? null : status.outageSince().toString());
        node.put("outages", status.outages());
        node.put("warning", status.warning());
        ObjectNode quarantined = node.putObject("quarantine");
        ArrayNode reasons = quarantined.putArray("byReason");
        long total = 0;
        for (Quarantine.Count count : held.counts()) {
            if (count.sourceId().equals(source.definition().id())) {
                reasons.addObject().put("field", count.field()).put("reason", count.reason()).put("held", count.held());
                total += count.held();
            }
        }
        quarantined.put("held", total);
        if (!held.current()) {
            // The pool could not be read just now: say how old the counts are rather than fail the status.
            quarantined.put("countedAt", held.asOf() == null ? null : held.asOf().toString());
        }
        return node;
    }

    private static void putKnown(ObjectNode node, String field, long value) {
        if (value < 0) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
