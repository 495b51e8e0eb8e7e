package org.onceonly.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import java.util.Map;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * The platform-http (Vert.x) server with the API's one error shape also for what never reaches a route:
 * an unknown path or method, a body over the size limit, a media type no endpoint takes. Vert.x answers
 * those itself, in plain text or HTML; here they are JSON too. (A request line or headers too long to parse
 * are refused by Vert.x's HTTP decoder before any handler can be set for them: 414 or 431, empty body.)
 */
public final class JsonErrorHttpServer extends VertxPlatformHttpServer {
    private static final Map<Integer, String[]> ERRORS = Map.of(
            400, new String[] {"bad_request", "the request could not be understood"},
            404, new String[] {"not_found", "no endpoint at this path for this method"},
            405, new String[] {"method_not_allowed", "this endpoint does not take that method"},
            406, new String[] {"not_acceptable", "this endpoint answers in JSON only"},
            413, new String[] {"too_large", "the request body is larger than the hub accepts (materials.maxUploadMb + 1 MB)"},
            414, new String[] {"uri_too_long", "the request line is too long"},
            415, new String[] {"unsupported_media_type", "this endpoint does not take a body of that content type"},
            431, new String[] {"headers_too_large", "the request headers are too large"},
            500, new String[] {"internal", "the request could not be completed"},
            503, new String[] {"timeout", "the request did not complete in time"});

    public JsonErrorHttpServer(VertxPlatformHttpServerConfiguration configuration) {
        super(configuration);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getPort()));
        ERRORS.keySet().forEach(status -> router.errorHandler(status, context -> respond(context.response(), status)));
        // The body limit is enforced on the root router, in front of the endpoints' own: its failures land there.
        if (getServer().requestHandler() instanceof Router root) {
            ERRORS.keySet().forEach(status -> root.errorHandler(status, context -> respond(context.response(), status)));
        }
        // After every endpoint: what no endpoint took. Camel adds its endpoints' routes before this one.
        router.route().last().handler(context -> respond(context.response(), 404));
    }

    private static void respond(HttpServerResponse response, int status) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        String[] error = ERRORS.getOrDefault(status, ERRORS.get(status >= 500 ? 500 : 400));
        response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(JsonNodeFactory.instance.objectNode().put("error", error[0]).put("message", error[1]).toString());
    }
}
