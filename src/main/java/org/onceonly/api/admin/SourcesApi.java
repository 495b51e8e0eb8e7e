/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Body;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.Refusal;
import org.onceonly.pool.HeldCounts;
import org.onceonly.pool.Quarantine;
import org.onceonly.source.ManagedSource;
import org.onceonly.source.SourceControl;
import org.onceonly.source.SourceStatus;

/**
 * Admin endpoints for department DBAs and operators: list and watch sources, register one, pause,
 * resume, re-snapshot tables while streaming goes on, and remove.
 */
public final class SourcesApi implements Endpoints {
    private final SourceControl control;
    private final HeldCounts quarantine;

    /** The optional body of a re-snapshot: the tables to take again. */
    record Resnapshot(@JsonProperty("tables") List<String> tables) {}

    /** {@code quarantine} counts held entries without waiting on a pool that is down (status matters most then). */
    public SourcesApi(SourceControl control, HeldCounts quarantine) {
        this.control = control;
        this.quarantine = quarantine;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/admin/sources").forAdministrators().to(request -> {
            ArrayNode list = Json.NODES.arrayNode();
            HeldCounts.Reading held = quarantine.read();
            control.sources().forEach(source -> list.add(sourceJson(source, held)));
            return Answer.ok(Json.object().set("sources", list));
        });
        routes.post("/v1/admin/sources").forAdministrators().body(Body.YAML).to(this::register);
        routes.get("/v1/admin/sources/{id}").forAdministrators().to(request -> Answer.ok(sourceJson(source(request), quarantine.read())));
        routes.post("/v1/admin/sources/{id}/pause").forAdministrators().to(request -> {
            ManagedSource source = source(request);
            source.pause();
            return Answer.ok(sourceJson(source, quarantine.read()));
        });
        routes.post("/v1/admin/sources/{id}/resume").forAdministrators().to(request -> {
            ManagedSource source = source(request);
            source.resume();
            return Answer.ok(sourceJson(source, quarantine.read()));
        });
        routes.post("/v1/admin/sources/{id}/resnapshot").forAdministrators().body(Body.OPTIONAL_JSON).query("table").to(this::resnapshot);
        routes.delete("/v1/admin/sources/{id}").forAdministrators().to(request -> {
            ManagedSource source = source(request);
            control.remove(source.definition().id());
            return Answer.ok(Json.object().put("id", source.definition().id()).put("status", "removed"));
        });
    }

    private Answer register(ApiRequest request) {
        String yaml = request.text();
        if (yaml.isBlank()) {
            throw Refusal.badRequest("missing_body", "send the connector file (YAML) as the request body");
        }
        try {
            return Answer.json(201, sourceJson(control.register(yaml), quarantine.read()));
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest("invalid_connector", e.getMessage());
        }
    }

    private Answer resnapshot(ApiRequest request) {
        ManagedSource source = source(request);
        List<String> tables = new ArrayList<>();
        request.query("table").ifPresent(tables::add);
        if (request.jsonBody().isPresent()) {
            Resnapshot body = request.body(Resnapshot.class);
            if (body.tables() == null || body.tables().stream().anyMatch(t -> t == null)) {
                throw Refusal.badRequest("invalid_field", "the body must be {\"tables\": [\"schema.table\", ...]}");
            }
            tables.addAll(body.tables());
        }
        if (tables.isEmpty()) {
            tables.addAll(source.definition().tables().stream().map(t -> t.name()).toList());
        }
        try {
            source.resnapshot(tables);
        } catch (IllegalStateException e) {
            throw new Refusal(409, "cannot_resnapshot", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw Refusal.badRequest("invalid_request", e.getMessage());
        }
        ObjectNode response = sourceJson(source, quarantine.read());
        ArrayNode requested = response.putArray("resnapshot");
        tables.forEach(requested::add);
        return Answer.json(202, response);
    }

    /** The source the path names, or 404. */
    private ManagedSource source(ApiRequest request) {
        try {
            return control.source(request.path("id"));
        } catch (NoSuchElementException e) {
            throw Refusal.notFound("no source with that id");
        }
    }

    /** A source's registration and live status, with its held quarantine by reason; never its credentials. */
    static ObjectNode sourceJson(ManagedSource source, HeldCounts.Reading held) {
        SourceStatus status = source.status();
        ObjectNode node = Json.object()
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
        if (status.retainedWalBytes() >= 0) {
            node.put("retainedWalLimitBytes", source.walWarningBytes()); // watch.walWarningMb
        }
        node.put("eventsPerSecond", Math.round(status.eventsPerSecond() * 10) / 10.0);
        node.put("events", status.events());
        node.put("lastEventTime", status.lastEventTime() == null ? null : status.lastEventTime().toString());
        node.put("lastPosition", status.lastPosition());
        node.put("lastError", status.lastError());
        node.put("lastErrorTime", status.lastErrorTime() == null ? null : status.lastErrorTime().toString());
        node.put("outageSince", status.outageSince() == null ? null : status.outageSince().toString());
        node.put("outages", status.outages());
        node.put("warning", status.warning());
        if (source.definition().kind().readsBinlog()) {
            node.putObject("ddl").put("skipped", status.skippedDdl()).put("lastSkipped", status.lastSkippedDdl());
        }
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
