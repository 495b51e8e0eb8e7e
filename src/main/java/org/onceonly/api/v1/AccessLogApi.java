package org.onceonly.api.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onceonly.access.AccessLog;
import org.onceonly.access.AccessPolicy;
import org.onceonly.access.Capability;
import org.onceonly.api.Answer;
import org.onceonly.api.ApiRequest;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Endpoints;
import org.onceonly.api.Json;
import org.onceonly.api.SubjectKeys;

/**
 * {@code GET /v1/subjects/{id}/access-log[?limit=]}: who read this citizen's (or organisation's) data, when,
 * for what purpose and which fields — for the citizen's own portal, so the client needs the
 * {@code access-log} capability under the purpose it names. Newest first; each entry carries its chain hash.
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
        AccessPolicy.grantFor(request.caller(), request.purpose(), Capability.ACCESS_LOG);
        String subject = SubjectKeys.party("subject", request.path("subjectId"));
        int limit = request.wholeNumber("limit", 100, 1, 1000);
        ArrayNode entries = Json.NODES.arrayNode();
        for (AccessLog.Entry entry : accessLog.forSubject(subject, limit)) {
            ObjectNode node = entries.addObject().put("seq", entry.seq()).put("at", entry.at().toString())
                    .put("client", entry.clientId()).put("organisation", entry.organisation()).put("purpose", entry.purpose())
                    .put("action", entry.action());
            ArrayNode fields = node.putArray("fields");
            entry.fields().forEach(fields::add);
            node.put("hash", entry.hash());
        }
        return Answer.ok(Json.object().put("subject", subject).set("entries", entries));
    }
}
