package org.onceonly.api.v1;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.onceonly.access.AccessLog;
import org.onceonly.access.AccessPolicy;
import org.onceonly.access.Capability;
import org.onceonly.api.ApiRoutes;
import org.onceonly.api.Authentication;
import org.onceonly.api.Json;
import org.onceonly.api.SubjectKeys;

/**
 * {@code GET /v1/subjects/{id}/access-log[?limit=]}: who read this citizen's (or organisation's) data, when,
 * for what purpose and which fields — for the citizen's own portal, so the client needs the
 * {@code access-log} capability under the purpose it names. Newest first; each entry carries its chain hash.
 */
public final class AccessLogApi extends ApiRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final AccessLog accessLog;

    public AccessLogApi(Authentication authentication, AccessLog accessLog) {
        super(authentication);
        this.accessLog = accessLog;
    }

    @Override
    protected void endpoints() {
        rest("/v1/subjects").get("/{subjectId}/access-log").produces("application/json").to("direct:api-access-log");
        from("direct:api-access-log").routeId("api-access-log").process(platformClient()).process(this::accessLog);
    }

    private void accessLog(Exchange exchange) {
        AccessPolicy.grantFor(caller(exchange), purpose(exchange), Capability.ACCESS_LOG);
        String raw = exchange.getMessage().getHeader("subjectId", String.class);
        String subject = SubjectKeys.party("subject", raw);
        int limit = wholeNumber(exchange, "limit", 100, 1, 1000);
        ArrayNode entries = NODES.arrayNode();
        for (AccessLog.Entry entry : accessLog.forSubject(subject, limit)) {
            ObjectNode node = entries.addObject().put("seq", entry.seq()).put("at", entry.at().toString())
                    .put("client", entry.clientId()).put("organisation", entry.organisation()).put("purpose", entry.purpose())
                    .put("action", entry.action());
            ArrayNode fields = node.putArray("fields");
            entry.fields().forEach(fields::add);
            node.put("hash", entry.hash());
        }
        Json.respond(exchange, 200, NODES.objectNode().put("subject", subject).set("entries", entries));
    }
}
