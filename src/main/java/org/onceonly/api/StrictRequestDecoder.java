/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x's HTTP/1.x request decoder with two rules of ours, installed on each connection by {@link ApiServer}:
 * <ul>
 *   <li>a request with both {@code Content-Length} and {@code Transfer-Encoding} is invalid (Netty would drop
 *       the length and read chunks; a proxy in front might have read the length: request smuggling), so it
 *       is answered 400 and the connection closed;</li>
 *   <li>a request's headers must be complete within the header timeout from their first byte, or the
 *       connection is closed (one byte every few seconds would otherwise hold it for ever: the idle timeout
 *       never fires).</li>
 * </ul>
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    /** The decoder's verdict on a request that names its length twice. */
    static final class AmbiguousLength extends IllegalArgumentException {
        AmbiguousLength() {
            super("Content-Length and Transfer-Encoding together", null);
        }
    }

    private final long headerTimeoutMillis;
    private boolean awaitingHead = true;
    private ScheduledFuture<?> headDeadline;

    StrictRequestDecoder(HttpServerOptions options, long headerTimeoutMillis) {
        super(options);
        this.headerTimeoutMillis = headerTimeoutMillis;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        super.handleTransferEncodingChunkedWithContentLength(message);
        message.setDecoderResult(DecoderResult.failure(new AmbiguousLength()));
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf buffer, List<Object> out) throws Exception {
        if (awaitingHead && headDeadline == null && buffer.isReadable()) {
            headDeadline = context.executor().schedule(() -> {
                if (awaitingHead) {
                    context.close();
                }
            }, headerTimeoutMillis, TimeUnit.MILLISECONDS);
        }
        int before = out.size();
        super.decode(context, buffer, out);
        for (int i = before; i < out.size(); i++) {
            Object decoded = out.get(i);
            if (decoded instanceof HttpRequest) {
                awaitingHead = false;
                if (headDeadline != null) {
                    headDeadline.cancel(false);
                    headDeadline = null;
                }
            }
            if (decoded instanceof LastHttpContent) {
                awaitingHead = true;
            }
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext context) throws Exception {
        if (headDeadline != null) {
            headDeadline.cancel(false);
        }
        super.handlerRemoved0(context);
    }
}
