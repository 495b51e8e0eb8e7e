/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.Refusal;
import org.onceonly.source.PreflightItem;
import org.onceonly.source.PreflightReport;
import org.onceonly.source.SourceControl;
import org.onceonly.source.SourceDefinition;

/**
 * {@code GET /v1/admin/sources/{id}/preflight}: {@code onceonly source check} for a registered source, run now
 * against its database — each item with its status, what was found and the SQL or setting that fixes it.
 * The check itself is handed in ({@code hub} chooses it), so that the API knows only its report.
 */
public final class PreflightApi implements Endpoints {
    private final SourceControl control;
    private final Function<SourceDefinition, PreflightReport> check;

    public PreflightApi(SourceControl control, Function<SourceDefinition, PreflightReport> check) {
        this.control = control;
        this.check = check;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/admin/sources/{id}/preflight").forAdministrators().to(this::preflight);
    }

    private Answer preflight(ApiRequest request) {
        SourceDefinition source;
        try {
            source = control.source(request.path("id")).definition();
        } catch (NoSuchElementException e) {
            throw Refusal.notFound("no source with that id");
        }
        PreflightReport report = check.apply(source);
        ObjectNode body = Json.object().put("source", report.sourceId()).put("kind", report.kind().id())
                .put("verdict", report.verdict().name().toLowerCase(Locale.ROOT)).put("summary", report.summary());
        ArrayNode items = body.putArray("items");
        for (PreflightItem item : report.items()) {
            items.addObject().put("name", item.name()).put("status", item.status().name().toLowerCase(Locale.ROOT))
                    .put("detail", item.detail()).put("remedy", item.remedy());
        }
        return Answer.ok(body);
    }
}
