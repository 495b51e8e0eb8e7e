package org.onceonly.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.lang.reflect.Field;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors raised by the HTTP server itself, before any route runs (a body over the size limit, an unknown
 * path, a method the path does not take): answered in the API's one error shape, as JSON, like every other
 * error — never the server's plain-text page.
 */
public final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);
    private static final Map<Integer, String[]> ERRORS = Map.of(
            400, new String[] {"bad_request", "the request could not be read"},
            404, new String[] {"not_found", "no such endpoint; /openapi.json lists them"},
            405, new String[] {"method_not_allowed", "this endpoint does not take that method; /openapi.json lists them"},
            413, new String[] {"too_large", "the request body is larger than the hub accepts"},
            415, new String[] {"unsupported_media_type", "send the content type this endpoint takes; /openapi.json lists them"},
            500, new String[] {"internal", "the request could not be completed"});

    private HttpErrors() {}

    /**
     * Installs the handlers on the server's main router: a failure in a route of the sub-router that Camel
     * mounts (the body handler's 413) is answered by the main router's error handlers, and Camel keeps that
     * router in a private field — hence the reflection, with the sub-router as the fallback.
     */
    public static void install(VertxPlatformHttpServer server, CamelContext camel, int port) {
        Router router;
        try {
            Field field = VertxPlatformHttpServer.class.getDeclaredField("router");
            field.setAccessible(true);
            router = (Router) field.get(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("the HTTP server's own errors (413, 405) will be plain text: {}", e.toString());
            router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        }
        Router target = router;
        ERRORS.forEach((status, error) -> target.errorHandler(status, context -> respond(context, status, error[0], error[1])));
    }

    private static void respond(RoutingContext context, int status, String code, String message) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", code).put("message", message).encode());
    }
}
