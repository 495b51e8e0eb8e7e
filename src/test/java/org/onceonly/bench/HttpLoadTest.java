/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The prefill load driver against a real HTTP server on loopback. */
class HttpLoadTest {
    @Test
    void concurrentClientsCountRequestsErrorsAndLatencies() throws Exception {
        AtomicInteger served = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/prefill", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            // Every tenth request fails, so errors are counted apart from answers.
            exchange.sendResponseHeaders(served.incrementAndGet() % 10 == 0 ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HubHttp http = new HubHttp("127.0.0.1", server.getAddress().getPort(), "bench-token", null);

            HttpLoad.Result result = HttpLoad.run(http, 3, Duration.ofMillis(500),
                    n -> new HttpLoad.Call(io.netty.handler.codec.http.HttpMethod.POST, "/v1/prefill", "{\"n\":" + n + "}"), 200);

            assertThat(result.requests()).isEqualTo(served.get()).isGreaterThan(10);
            assertThat(result.errors()).isEqualTo(served.get() / 10);
            assertThat(result.latencies().count()).isEqualTo((int) result.requests());
            assertThat(result.latencies().percentileMillis(50)).isPositive();
            assertThat(result.latencies().percentileMillis(99)).isGreaterThanOrEqualTo(result.latencies().percentileMillis(50));
            assertThat(result.perSecond()).isPositive();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void slicesOfALoadAddUpToOneLoadOverTheirTime() {
        Latencies first = new Latencies();
        first.add(1_000_000);
        Latencies second = new Latencies();
        second.add(3_000_000);
        second.add(5_000_000);

        HttpLoad.Result both = new HttpLoad.Result(100, 1, 2.0, first).plus(new HttpLoad.Result(300, 2, 2.0, second));

        assertThat(both.requests()).isEqualTo(400);
        assertThat(both.errors()).isEqualTo(3);
        assertThat(both.perSecond()).isEqualTo(100.0);
        assertThat(both.latencies().count()).isEqualTo(3);
        assertThat(first.count()).isEqualTo(1); // the slices themselves are left as they were
    }
}
