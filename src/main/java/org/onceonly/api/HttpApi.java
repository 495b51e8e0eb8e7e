/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import org.onceonly.access.Client;

/**
 * The API's one router, built in one place from the declared {@link ApiRoutes}. Every route runs the same
 * handler chain:
 * <ol>
 *   <li><b>admission</b> (on the event loop, before a byte of the body is read): authentication from the
 *       {@code Authorization} header or the TLS client certificate, the route's audience, the
 *       {@code X-Purpose} header, the query parameters the route knows, the body's content type (415);</li>
 *   <li><b>body</b>: read within the body timeout and the size limit; multipart files stream to the upload
 *       directory and are deleted when the request ends, however it ends;</li>
 *   <li><b>endpoint</b> (on a worker thread): a strict JSON body, the body's {@code purpose} reconciled with
 *       the header (400 when they differ), then the endpoint's {@link Answer}.</li>
 * </ol>
 * One failure handler ({@link ApiFailures}) answers everything that goes wrong, unmatched paths (404) and
 * methods (405) included, in the API's JSON error shape.
 */
public final class HttpApi {
    private static final String CALLER = "onceonly.caller";
    private static final String PURPOSE = "onceonly.purpose";

    /** Sizes and times the chain enforces. */
    public record Limits(long bodyBytes, long uploadBytes, Duration bodyTimeout, String uploadDirectory) {}

    private final Vertx vertx;
    private final Authentication authentication;
    private final Limits limits;
    private final BodyHandler smallBodies;
    private final BodyHandler uploads;

    private HttpApi(Vertx vertx, Authentication authentication, Limits limits) {
        this.vertx = vertx;
        this.authentication = authentication;
        this.limits = limits;
        this.smallBodies = BodyHandler.create(false).setBodyLimit(limits.bodyBytes());
        this.uploads = BodyHandler.create(limits.uploadDirectory()).setBodyLimit(limits.uploadBytes())
                .setDeleteUploadedFilesOnEnd(true).setMergeFormAttributes(false);
    }

    /** The router serving {@code routes}. */
    public static Router router(Vertx vertx, ApiRoutes routes, Authentication authentication, Limits limits) {
        HttpApi api = new HttpApi(vertx, authentication, limits);
        Router router = Router.router(vertx);
        router.route().handler(HttpApi::refuseEmptySegments);
        for (ApiRoute route : routes.all()) {
            api.mount(router, route);
        }
        Console.mount(router);
        router.route().failureHandler(ApiFailures::handle);
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, ApiFailures::handle);
        }
        return router;
    }

    private void mount(Router router, ApiRoute apiRoute) {
        Route route = router.route(apiRoute.method(), apiRoute.routerPath());
        route.handler(context -> admit(context, apiRoute));
        if (apiRoute.body() != Body.NONE) {
            route.handler(context -> (multipart(context) ? uploads : smallBodies).handle(context));
        }
        route.handler(context -> answer(context, apiRoute));
    }

    /** {@code /v1/subjects//person}: a path parameter left empty is a bad request, not another path. */
    private static void refuseEmptySegments(RoutingContext context) {
        if (context.request().path() != null && context.request().path().contains("//")) {
            context.fail(Refusal.badRequest("missing_parameter", "the path has an empty segment where a value belongs"));
            return;
        }
        context.next();
    }

    private void admit(RoutingContext context, ApiRoute route) {
        HttpServerRequest request = context.request();
        try {
            if (route.audience() != Audience.PUBLIC) {
                Client caller = authentication.caller(request);
                if (route.audience() == Audience.ADMINISTRATORS && !caller.administrator()) {
                    throw new Refusal(403, "administrator_required",
                            "client " + caller.id() + " is not an administrator; these endpoints are for operators");
                }
                context.put(CALLER, caller);
            }
            String purpose = request.getHeader("X-Purpose");
            if (purpose != null) {
                StrictJson.checkText(purpose, "header 'X-Purpose'");
                context.put(PURPOSE, purpose);
            }
            for (String name : context.queryParams().names()) {
                if (!route.query().contains(name)) {
                    throw Refusal.badRequest("unknown_parameter", "query parameter '" + StrictJson.printable(name) + "' is not one this endpoint takes"
                            + (route.query().isEmpty() ? "" : "; it takes " + String.join(", ", route.query().stream().sorted().toList())));
                }
            }
            checkContentType(request, route.body());
        } catch (Refusal refusal) {
            context.fail(refusal);
            return;
        }
        if (route.body() != Body.NONE && !request.isEnded()) {
            long timer = vertx.setTimer(limits.bodyTimeout().toMillis(), id -> {
                if (!request.isEnded() && !context.response().ended()) {
                    context.fail(new Refusal(408, "request_timeout", "the request body did not arrive within "
                            + limits.bodyTimeout().toSeconds() + " seconds"));
                }
            });
            context.addEndHandler(done -> vertx.cancelTimer(timer));
        }
        if (route.body().multipart()) {
            // However the request ends — answered, failed, timed out, its connection cut — no upload stays behind.
            context.addEndHandler(done -> deleteUploads(context.fileUploads()));
        }
        context.next();
    }

    private static void checkContentType(HttpServerRequest request, Body body) {
        if (body == Body.NONE) {
            return;
        }
        String type = request.getHeader("Content-Type");
        boolean sent = type != null || request.getHeader("Transfer-Encoding") != null
                || request.getHeader("Content-Length") != null && !"0".equals(request.getHeader("Content-Length"));
        if (!sent && !body.required()) {
            return;
        }
        if (!body.accepts(type)) {
            throw new Refusal(415, "unsupported_media_type", (type == null ? "the request has no Content-Type" : "this endpoint does not take "
                    + StrictJson.printable(type.split(";", 2)[0])) + "; send " + String.join(" or ", body.mediaTypes()));
        }
    }

    private static boolean multipart(RoutingContext context) {
        String type = context.request().getHeader("Content-Type");
        return type != null && Body.MULTIPART.accepts(type);
    }

    private void deleteUploads(List<FileUpload> files) {
        for (FileUpload file : files) {
            vertx.fileSystem().delete(file.uploadedFileName()); // already gone when the body handler deleted it: fine
        }
    }

    private void answer(RoutingContext context, ApiRoute route) {
        Client caller = context.get(CALLER);
        String headerPurpose = context.get(PURPOSE);
        boolean jsonBody = route.body() != Body.NONE && !multipart(context) && Body.JSON.accepts(context.request().getHeader("Content-Type"));
        Buffer body = jsonBody && context.body() != null ? context.body().buffer() : null;
        Context eventLoop = vertx.getOrCreateContext();
        vertx.<Answer>executeBlocking(() -> {
            boolean sent = body != null && body.length() > 0;
            JsonNode json = jsonBody && (sent || route.body() != Body.OPTIONAL_JSON) ? StrictJson.object(sent ? body.getBytes() : null) : null;
            ApiRequest request = new ApiRequest(context, route, caller, purpose(headerPurpose, json), json);
            return route.endpoint().answer(request);
        }, false).onComplete(done -> {
            if (done.failed()) {
                context.fail(done.cause());
            } else if (done.result().sentAfter() == null) {
                write(context.response(), route, done.result());
            } else {
                // The worker is free again; the answer leaves from the event loop once its log entries are committed.
                done.result().sentAfter().whenComplete((logged, failure) -> eventLoop.runOnContext(now -> {
                    if (failure != null) {
                        context.fail(failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure);
                    } else {
                        write(context.response(), route, done.result());
                    }
                }));
            }
        });
    }

    /** The header's purpose or the body's; refused when both name one and they differ. */
    private static String purpose(String header, JsonNode json) {
        JsonNode inBody = json == null ? null : json.get("purpose");
        if (inBody == null || inBody.isNull() || !inBody.isTextual()) {
            return header;
        }
        if (header != null && !header.equals(inBody.textValue())) {
            throw Refusal.badRequest("purpose_conflict", "the X-Purpose header and the body's purpose name different purposes; name one");
        }
        return inBody.textValue();
    }

    private static void write(HttpServerResponse response, ApiRoute route, Answer answer) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(answer.status()).putHeader("Content-Type", answer.contentType())
                .putHeader("X-Content-Type-Options", "nosniff");
        if (route.audience() != Audience.PUBLIC) {
            // Anything behind authentication may carry personal data: no cache, shared or private, keeps it.
            response.putHeader("Cache-Control", "no-store");
        }
        answer.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(answer.body()));
    }
}
