/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.api;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's HTTP server: the one {@link HttpApi} router on a Vert.x server of our own options — TLS with the
 * client-authentication mode the configuration asks for, the idle timeout, the header timeout and the
 * stricter request decoder ({@link StrictRequestDecoder}) on every connection, and JSON answers for what
 * the HTTP decoder itself refuses.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String DECODER = "httpDecoder";

    /** Where the server listens and how long it waits. */
    public record Settings(String host, int port, Duration idleTimeout, Duration headerTimeout, Tls tls) {}

    /**
     * HTTPS: the server's key store and, for mutual TLS, the trust store of client certificates; passwords
     * already resolved. {@code clientAuth}: {@code none}, {@code want} or {@code need}.
     */
    public record Tls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword, String clientAuth) {}

    private final HttpServer server;

    private ApiServer(HttpServer server) {
        this.server = server;
    }

    /** Starts listening; fails when the port cannot be bound or the key store cannot be read. */
    public static ApiServer start(Vertx vertx, Settings settings, Router router) {
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
                .setIdleTimeout((int) settings.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(false).setCompressionSupported(false);
        if (settings.tls() != null) {
            tls(options, settings.tls());
        }
        // Vert.x would print a stack trace for an exception no handler took (Vert.x itself trips on an upload cut off
        // mid-file): one line of our own instead.
        vertx.exceptionHandler(ApiFailures::unhandled);
        HttpServer server = vertx.createHttpServer(options);
        long headerTimeout = settings.headerTimeout().toMillis();
        server.connectionHandler(connection -> strictDecoder(connection, options, headerTimeout));
        server.invalidRequestHandler(ApiFailures::invalid);
        // Connection-level trouble (a reset, a TLS handshake refused) is the client's: one line, no stack trace.
        server.exceptionHandler(failure -> LOG.debug("connection problem: {}: {}", failure.getClass().getSimpleName(), failure.getMessage()));
        server.requestHandler(router);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("the API cannot listen on " + settings.host() + ":" + settings.port() + ": " + cause.getMessage(), cause);
        }
        return new ApiServer(server);
    }

    private static void tls(HttpServerOptions options, Tls tls) {
        // PKCS12 also reads JKS files (the JDK's compatibility mode).
        options.setSsl(true).setKeyCertOptions(new KeyStoreOptions().setType("PKCS12").setPath(tls.keyStore().toAbsolutePath().toString())
                .setPassword(tls.keyStorePassword()));
        if (tls.trustStore() != null) {
            options.setTrustOptions(new KeyStoreOptions().setType("PKCS12").setPath(tls.trustStore().toAbsolutePath().toString())
                    .setPassword(tls.trustStorePassword()));
        }
        options.setClientAuth(switch (tls.clientAuth()) {
            case "need" -> ClientAuth.REQUIRED;
            case "want" -> ClientAuth.REQUEST;
            default -> ClientAuth.NONE;
        });
    }

    /** Puts {@link StrictRequestDecoder} in the place of Vert.x's own before the connection's first request is read. */
    private static void strictDecoder(HttpConnection connection, HttpServerOptions options, long headerTimeoutMillis) {
        if (!(connection instanceof ConnectionBase base)) {
            return;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder && !(pipeline.get(DECODER) instanceof StrictRequestDecoder)) {
            pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options, headerTimeoutMillis));
        }
    }

    /** The port it listens on (the one given, or the one chosen for port 0). */
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the API server: {}", e.getMessage());
        }
    }
}
