/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.Operation;
import org.onceonly.schema.Rejection;
import org.onceonly.schema.SchemaCatalog;
import org.onceonly.source.ChangeEnvelope;

/**
 * Runs a route on sample rows, touching no pool and no source: what a data engineer runs before deploying
 * a route. Each sample is either a row (taken as an insert) or a change envelope
 * {@code {"op": "u", "before": {...}, "after": {...}}}.
 */
public final class RouteTester {
    private RouteTester() {}

    /** What one sample became: canonical records, or the rejection with its reasons. */
    public record Outcome(int sample, List<CanonicalChange> records, Rejection rejection) {
        public boolean accepted() {
            return rejection == null;
        }
    }

    /**
     * @param table the {@code dept:} table to feed when the route file starts at several; null for the only one
     */
    public static List<Outcome> run(Path routeFile, SchemaCatalog schemas, List<JsonNode> samples, String table) {
        try (RouteRuntime runtime = new RouteRuntime(schemas).load(routeFile).start()) {
            DeptEndpoint endpoint = pickEndpoint(runtime.deptEndpoints(), table, routeFile);
            RouteDispatcher dispatcher = runtime.dispatcher(batch -> { });
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                CanonicalBatch batch = new CanonicalBatch();
                dispatcher.dispatch(envelope(samples.get(i), i, endpoint), batch);
                outcomes.add(new Outcome(i + 1, List.copyOf(batch.changes()),
                        batch.rejections().isEmpty() ? null : batch.rejections().get(0)));
            }
            return outcomes;
        }
    }

    private static DeptEndpoint pickEndpoint(List<DeptEndpoint> endpoints, String table, Path routeFile) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException(routeFile + " has no route starting at dept:<source>?table=<schema.table>");
        }
        if (table == null) {
            if (endpoints.size() > 1) {
                throw new IllegalArgumentException(routeFile + " starts at several tables ("
                        + endpoints.stream().map(DeptEndpoint::table).toList() + "); choose one with --table");
            }
            return endpoints.get(0);
        }
        Optional<DeptEndpoint> match = endpoints.stream().filter(e -> e.table().equals(table)).findFirst();
        return match.orElseThrow(() -> new IllegalArgumentException(routeFile + " has no route for table " + table
                + "; it has " + endpoints.stream().map(DeptEndpoint::table).toList()));
    }

    private static ChangeEnvelope envelope(JsonNode sample, int index, DeptEndpoint endpoint) {
        if (!sample.isObject()) {
            throw new IllegalArgumentException("sample " + (index + 1) + " is not a JSON object");
        }
        boolean isEnvelope = sample.has("op") && (sample.has("after") || sample.has("before"));
        Operation op = isEnvelope ? Operation.ofCode(sample.get("op").asText()) : Operation.CREATE;
        ObjectNode before = isEnvelope && sample.get("before") instanceof ObjectNode node ? node : null;
        ObjectNode after = isEnvelope ? (sample.get("after") instanceof ObjectNode node ? node : null) : (ObjectNode) sample;
        ObjectNode key = (ObjectNode) sample.deepCopy();
        key.removeAll();
        key.put("sample", index + 1);
        return new ChangeEnvelope(op, before, after, key, new ChangeEnvelope.Source(endpoint.sourceId(), "(route test)",
                endpoint.table(), String.format("test:%08d", index + 1), Instant.now(), false));
    }
}
