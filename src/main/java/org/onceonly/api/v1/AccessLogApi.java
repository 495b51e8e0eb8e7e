/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.onceonly.access.AccessEvent;
import org.onceonly.access.AccessLog;
import org.onceonly.access.AccessPolicy;
import org.onceonly.access.Capability;
import org.onceonly.access.Grant;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.SubjectKeys;

/**
 * {@code GET /v1/subjects/{id}/access-log[?limit=]}: who read this citizen's (or organisation's) data, when,
 * for what purpose and which fields — for the citizen's own portal, so the client needs the
 * {@code access-log} capability under the purpose it names. Newest first; each entry names the fields shown and
 * the records they came from, and carries its chain hash. The read is itself logged (action {@code access-log}).
 */
public final class AccessLogApi implements Endpoints {
    private final AccessLog accessLog;

    public AccessLogApi(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    public void declare(ApiRoutes routes) {
        routes.get("/v1/subjects/{subjectId}/access-log").forClients().query("limit").to(this::accessLog);
    }

    private Answer accessLog(ApiRequest request) {
        Grant grant = AccessPolicy.grantFor(request.caller(), request.purpose(), Capability.ACCESS_LOG);
        String subject = SubjectKeys.party("subject", request.path("subjectId"));
        int limit = request.wholeNumber("limit", 100, 1, 1000);
        // Reading who read a citizen's data is itself a read of it: logged in the same chain, before the answer leaves.
        CompletableFuture<Void> entry = accessLog.record(List.of(AccessEvent.of(request.caller(), grant.purpose(), "access-log", subject,
                List.of("AccessLog.entries"))));
        ArrayNode entries = Json.NODES.arrayNode();
        for (AccessLog.Entry logged : accessLog.forSubject(subject, limit)) {
            ObjectNode node = entries.addObject().put("seq", logged.seq()).put("at", logged.at().toString())
                    .put("client", logged.clientId()).put("organisation", logged.organisation()).put("purpose", logged.purpose())
                    .put("action", logged.action());
            ArrayNode fields = node.putArray("fields");
            logged.fields().forEach(fields::add);
            ArrayNode records = node.putArray("records");
            logged.records().forEach(records::add);
            node.put("hash", logged.hash());
        }
        return Answer.ok(Json.object().put("subject", subject).set("entries", entries)).sentAfter(entry);
    }
}
