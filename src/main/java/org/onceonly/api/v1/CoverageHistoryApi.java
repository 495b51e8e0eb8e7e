/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.onceonly.access.CoverageHistory;
import org.onceonly.access.Form;
import org.onceonly.access.Forms;
import org.onceonly.access.PrefillStatistics;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.Refusal;
import org.onceonly.api.StrictJson;

/**
 * {@code GET /v1/forms/{form}/coverage/history?hours=&buckets=}: a form's field and material coverage in equal
 * time buckets over the last hours, against the targets — the console's coverage chart. Counts only.
 */
public final class CoverageHistoryApi implements Endpoints {
    private final Forms forms;
    private final CoverageHistory history;

    public CoverageHistoryApi(Forms forms, CoverageHistory history) {
        this.forms = forms;
        this.history = history;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/forms/{form}/coverage/history").forClients().query("hours", "buckets").to(this::history);
    }

    private Answer history(ApiRequest request) {
        Form form = forms.find(request.path("form")).orElseThrow(() -> new Refusal(404, "unknown_form",
                "no form '" + StrictJson.printable(request.path("form")) + "'; GET /v1/forms lists them"));
        int hours = request.wholeNumber("hours", 24, 1, 24 * 90);
        int buckets = request.wholeNumber("buckets", 48, 1, 500);
        Duration period = Duration.ofHours(hours);
        Duration bucket = Duration.ofSeconds(Math.max(1, period.toSeconds() / buckets));
        ObjectNode body = Json.object().put("form", form.id()).put("hours", hours).put("bucketSeconds", bucket.toSeconds())
                .put("fieldTarget", PrefillStatistics.FIELD_TARGET).put("materialTarget", PrefillStatistics.MATERIAL_TARGET);
        ArrayNode series = body.putArray("buckets");
        for (CoverageHistory.Bucket b : history.of(form.id(), period, bucket)) {
            series.addObject().put("start", b.start().toString()).put("prefills", b.prefills())
                    .put("fieldShare", round(b.fieldShare())).put("materialShare", round(b.materialShare()));
        }
        return Answer.ok(body);
    }

    private static double round(double share) {
        return Math.round(share * 1000) / 1000.0;
    }
}
