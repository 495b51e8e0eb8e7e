/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.admin;

import java.util.function.Supplier;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Endpoints;

/** {@code GET /metrics}: the hub's meters in the Prometheus text format, for an administrator client. */
public final class MetricsApi implements Endpoints {
    private final Supplier<String> scrape;

    public MetricsApi(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/metrics").forAdministrators().to(request -> Answer.text(200, "text/plain; version=0.0.4; charset=utf-8", scrape.get()));
    }
}
