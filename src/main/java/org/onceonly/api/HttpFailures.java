package org.onceonly.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON answers for what never reaches an endpoint's route: a body over the server's limit (refused by
 * Vert.x's body handler before Camel sees it), any other failure inside the HTTP server, and a path no
 * endpoint serves. Without this, Vert.x answers those in plain text or HTML.
 */
public final class HttpFailures {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFailures.class);

    private HttpFailures() {}

    /** Installs the handlers on the platform-http router serving {@code port}. */
    public static void install(CamelContext camel, int port, long maxUploadBytes) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        router.route().failureHandler(context -> failed(context, maxUploadBytes));
        // Last of all routes, after every endpoint Camel adds: a path nothing serves.
        router.route().order(Integer.MAX_VALUE).handler(context ->
                respond(context, 404, "not_found", "no endpoint at this path; see docs/api.md"));
    }

    private static void failed(RoutingContext context, long maxUploadBytes) {
        int status = context.statusCode();
        if (status == 413) {
            respond(context, 413, "too_large", "the request is larger than the hub accepts; a material may have up to "
                    + maxUploadBytes + " bytes (materials.maxUploadMb)");
        } else if (status >= 400 && status < 500) {
            respond(context, status, "invalid_request", "the request could not be read (HTTP " + status + ")");
        } else {
            Throwable failure = context.failure();
            LOG.error("{} {} failed in the HTTP server: {}", context.request().method(), context.request().path(),
                    failure == null ? "status " + status : failure.getClass().getSimpleName());
            respond(context, 500, "internal", "the request could not be completed");
        }
    }

    private static void respond(RoutingContext context, int status, String code, String message) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("error", code).put("message", message);
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.toString());
    }
}
