/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A closed-loop HTTP load: {@code clients} concurrent clients, each sending its next request as soon as the
 * last one answered, for a fixed time. Every answer's latency is kept; answers with another status than the
 * expected one count as errors (and their latency too, so errors cannot flatter the numbers).
 *
 * <p>The clients share one keep-alive connection each on a Vert.x HTTP client with one event loop: on two
 * cores the load driver must cost little next to what it measures (the JDK's {@code java.net.http} client,
 * used before, spent about as much CPU per request as the hub itself).
 */
final class HttpLoad {
    private HttpLoad() {}

    record Result(long requests, long errors, double perSecond, Latencies latencies) {}

    /** One request: method, path, and a JSON body (null for none); the bench client's headers are added. */
    record Call(HttpMethod method, String path, String json) {}

    /** {@code callFor} builds request number {@code n} (each client numbers its own requests). */
    static Result run(HubHttp http, int clients, Duration duration, LongFunction<Call> callFor, int expectedStatus)
            throws InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                    new PoolOptions().setHttp1MaxSize(clients));
            Loop loop = new Loop(http, client, callFor, expectedStatus, System.nanoTime() + duration.toNanos(), new CountDownLatch(clients));
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                long first = c * 1_000_003L;
                vertx.runOnContext(v -> loop.next(first));
            }
            if (!loop.done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the load did not finish: requests hang");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(loop.requests.get(), loop.errors.get(), loop.requests.get() / seconds, loop.latencies);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** The clients' requests, each started when the client's previous one answered. */
    private record Loop(HubHttp http, HttpClient client, LongFunction<Call> callFor, int expectedStatus, long end, CountDownLatch done,
                        AtomicLong requests, AtomicLong errors, Latencies latencies) {
        Loop(HubHttp http, HttpClient client, LongFunction<Call> callFor, int expectedStatus, long end, CountDownLatch done) {
            this(http, client, callFor, expectedStatus, end, done, new AtomicLong(), new AtomicLong(), new Latencies());
        }

        void next(long n) {
            if (System.nanoTime() >= end) {
                done.countDown();
                return;
            }
            Call call = callFor.apply(n);
            RequestOptions options = new RequestOptions().setMethod(call.method()).setHost(http.host()).setPort(http.port())
                    .setURI(call.path()).setTimeout(10_000);
            http.headers().forEach(options::putHeader);
            long sent = System.nanoTime();
            client.request(options).compose(request -> {
                Future<io.vertx.core.http.HttpClientResponse> response;
                if (call.json() == null) {
                    response = request.send();
                } else {
                    request.putHeader("Content-Type", "application/json");
                    response = request.send(Buffer.buffer(call.json()));
                }
                return response.compose(answer -> answer.body().map(body -> answer.statusCode()));
            }).onComplete(answered -> {
                latencies.add(System.nanoTime() - sent);
                requests.incrementAndGet();
                if (answered.failed() || answered.result() != expectedStatus) {
                    errors.incrementAndGet();
                }
                next(n + 1);
            });
        }
    }
}
