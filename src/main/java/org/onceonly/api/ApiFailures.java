/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import org.onceonly.access.AccessDenied;
import org.onceonly.identity.InvalidIdentifierException;
import org.onceonly.pool.PoolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every exception and every status the router or the HTTP decoder produces
 * becomes the API's JSON error ({@code {"error", "message"}}) — a refusal with its own code, a refused
 * purpose 403, a pool that is down 503 with {@code Retry-After}, anything unexpected a 500 naming nothing
 * internal. Failures are logged in one line, never with a stack trace or personal data. When a request
 * fails before its body was read to the end, the connection is closed after the answer: what still arrives of
 * the unwanted body is dropped unread, for at most {@link #LINGER_MILLIS} (so that a client still sending
 * can read the answer instead of a reset connection), then the connection goes.
 */
final class ApiFailures {
    private static final Logger LOG = LoggerFactory.getLogger(ApiFailures.class);
    private static final String RETRY_AFTER_SECONDS = "5";
    static final long LINGER_MILLIS = 5_000;
    private static final Map<Integer, ApiError> STANDARD = Map.ofEntries(
            Map.entry(400, new ApiError("bad_request", "the request could not be understood")),
            Map.entry(401, new ApiError("unauthenticated", "send the client's bearer token (Authorization: Bearer <token>)")),
            Map.entry(404, new ApiError("not_found", "no endpoint at this path")),
            Map.entry(405, new ApiError("method_not_allowed", "this endpoint does not take that method")),
            Map.entry(408, new ApiError("request_timeout", "the request was not received in time")),
            Map.entry(413, new ApiError("too_large", "the request body is larger than the hub accepts")),
            Map.entry(414, new ApiError("uri_too_long", "the request line is too long")),
            Map.entry(415, new ApiError("unsupported_media_type", "this endpoint does not take a body of that content type")),
            Map.entry(431, new ApiError("headers_too_large", "the request headers are too large")),
            Map.entry(500, new ApiError("internal", "the request could not be completed")),
            Map.entry(503, new ApiError("unavailable", "the hub cannot answer at the moment; try again shortly")));

    private ApiFailures() {}

    /** The router's failure handler and its handler of unmatched requests (404, 405). */
    static void handle(RoutingContext context) {
        Throwable failure = context.failure();
        Answer answer = answer(context, failure, context.statusCode());
        write(context.request(), context.response(), answer, !context.request().isEnded());
    }

    /** What escapes every handler on the API's Vert.x (a stream closed twice while an upload is cut off): one line. */
    static void unhandled(Throwable failure) {
        LOG.warn("the HTTP server met an unexpected problem: {}", describe(failure));
    }

    /** Requests the HTTP decoder could not parse (a request line or headers too long, Content-Length with Transfer-Encoding). */
    static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        String message = cause == null ? "" : String.valueOf(cause.getMessage());
        int status = message.startsWith("An HTTP line is larger than") ? 414 : message.startsWith("HTTP header is larger than") ? 431 : 400;
        ApiError error = cause instanceof StrictRequestDecoder.AmbiguousLength
                ? new ApiError("ambiguous_length", "a request must not carry both Content-Length and Transfer-Encoding")
                : STANDARD.get(status);
        LOG.warn("refused a request the HTTP decoder could not read ({}): {}", status, oneLine(message));
        write(request, request.response(), error.answer(status), true);
    }

    private static Answer answer(RoutingContext context, Throwable failure, int status) {
        if (failure instanceof Refusal refusal) {
            return refusal.answer();
        }
        if (failure instanceof AccessDenied denied) {
            return new ApiError(denied.code(), denied.getMessage()).answer(403);
        }
        if (failure instanceof InvalidIdentifierException invalid) {
            return new ApiError("invalid_subject", invalid.reason()).answer(400);
        }
        if (failure instanceof PoolException pool && pool.unavailable()) {
            // The pool's server is restarting or out of reach: the request was fine, its time was not.
            LOG.warn("{} {}: the pool is unavailable: {}", context.request().method(), context.normalizedPath(), oneLine(pool.getMessage()));
            return new ApiError("unavailable", "the data pool cannot be reached at the moment; try again shortly").answer(503)
                    .withHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
            failure = null;
        }
        if (failure == null) {
            int known = status > 0 ? status : 500;
            return STANDARD.getOrDefault(known, STANDARD.get(known >= 500 ? 500 : 400)).answer(known);
        }
        if (failure instanceof io.vertx.core.http.HttpClosedException) {
            // The client went away (or the connection was closed after an earlier failure, already logged).
            LOG.debug("{} {}: the connection closed before the request was answered", context.request().method(), context.normalizedPath());
            return STANDARD.get(400).answer(400);
        }
        if (!context.request().isEnded()) {
            // The body could not be read (a malformed chunk): the client's doing. One line, no stack trace.
            LOG.warn("{} {}: the request body could not be read: {}", context.request().method(), context.normalizedPath(), describe(failure));
            return new ApiError("bad_request", "the request body could not be read").answer(400);
        }
        LOG.error("{} {} failed: {}", context.request().method(), context.normalizedPath(), describe(failure));
        return STANDARD.get(500).answer(500);
    }

    static void write(HttpServerRequest request, HttpServerResponse response, Answer answer, boolean closeAfter) {
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        response.setStatusCode(answer.status()).putHeader("Content-Type", answer.contentType())
                .putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff");
        answer.headers().forEach(response::putHeader);
        if (closeAfter) {
            response.putHeader("Connection", "close");
        }
        response.end(Buffer.buffer(answer.body())).onComplete(done -> {
            if (closeAfter) {
                closeWhenSent(request);
            }
        });
    }

    /** Closes the connection once the client has stopped sending (the body dropped unread), at the latest after the linger time. */
    private static void closeWhenSent(HttpServerRequest request) {
        if (request.isEnded() || io.vertx.core.Vertx.currentContext() == null) {
            request.connection().close();
            return;
        }
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.currentContext().owner();
        long timer = vertx.setTimer(LINGER_MILLIS, id -> request.connection().close());
        request.endHandler(ended -> {
            vertx.cancelTimer(timer);
            request.connection().close();
        });
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + oneLine(String.valueOf(failure.getMessage()));
    }

    /** The first line, at most 200 characters, identity numbers masked. */
    private static String oneLine(String text) {
        String line = text.lines().findFirst().orElse("");
        line = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        return org.onceonly.identity.Masking.maskIdentityNumbers(line);
    }
}
