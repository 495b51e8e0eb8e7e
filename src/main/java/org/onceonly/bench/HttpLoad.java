/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
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
 * <p>Each client is one keep-alive connection on Netty's HTTP codec, all on one event loop: on two cores the
 * load driver shares the machine with what it measures, so it must cost little. (The JDK's
 * {@code java.net.http} client spent about as much CPU per request as the hub; Vert.x's client, used next,
 * still spent a sixth of the JVM's samples on its connection pool, request futures and stream bookkeeping —
 * a closed loop on one connection per client needs none of them.)
 */
final class HttpLoad {
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private HttpLoad() {}

    /** A load's answers over {@code seconds}; the rate is derived, so that loads in slices add up. */
    record Result(long requests, long errors, double seconds, Latencies latencies) {
        double perSecond() {
            return requests / seconds;
        }

        /** This load and {@code other} as one (slices of the same load, run at different times). */
        Result plus(Result other) {
            Latencies both = new Latencies();
            both.addAll(latencies);
            both.addAll(other.latencies);
            return new Result(requests + other.requests, errors + other.errors, seconds + other.seconds, both);
        }
    }

    /** One request: method, path, and a JSON body (null for none); the bench client's headers are added. */
    record Call(HttpMethod method, String path, String json) {}

    /** {@code callFor} builds request number {@code n} (each client numbers its own requests). */
    static Result run(HubHttp http, int clients, Duration duration, LongFunction<Call> callFor, int expectedStatus)
            throws InterruptedException {
        EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("bench-http-load", true));
        try {
            Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                    .remoteAddress(http.host(), http.port());
            Load load = new Load(http, bootstrap, callFor, expectedStatus, System.nanoTime() + duration.toNanos(), new CountDownLatch(clients));
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                new Client(load, c * 1_000_003L).connect();
            }
            if (!load.done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the load did not finish: requests hang");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(load.requests.get(), load.errors.get(), seconds, load.latencies);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * What the clients share: where to connect, what to send, until when, and the counts. {@code common} holds
     * the headers every request carries (host, the bench client's token and purpose), made once.
     */
    private record Load(HttpHeaders common, Bootstrap bootstrap, LongFunction<Call> callFor, int expectedStatus, long end, CountDownLatch done,
                        AtomicLong requests, AtomicLong errors, Latencies latencies) {
        Load(HubHttp http, Bootstrap bootstrap, LongFunction<Call> callFor, int expectedStatus, long end, CountDownLatch done) {
            this(commonHeaders(http), bootstrap, callFor, expectedStatus, end, done, new AtomicLong(), new AtomicLong(), new Latencies());
        }

        private static HttpHeaders commonHeaders(HubHttp http) {
            HttpHeaders common = new DefaultHttpHeaders().set(HttpHeaderNames.HOST, http.host() + ":" + http.port());
            http.headers().forEach(common::set);
            return common;
        }

        FullHttpRequest request(Call call) {
            byte[] body = call.json() == null ? new byte[0] : call.json().getBytes(StandardCharsets.UTF_8);
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, call.method(), call.path(), Unpooled.wrappedBuffer(body));
            request.headers().add(common).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (call.json() != null) {
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            }
            return request;
        }
    }

    /**
     * One client: a connection that sends the next request when the last one answered. A connection the
     * server closes is opened again (the request it carried counts as an error) until the time is up.
     */
    @ChannelHandler.Sharable // added to each new connection of this client in turn, never to two at once
    private static final class Client extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Load load;
        private long next;
        private long sent;
        private boolean waiting;
        private boolean finished;

        Client(Load load, long first) {
            this.load = load;
            this.next = first;
        }

        void connect() {
            if (timeIsUp()) {
                return;
            }
            load.bootstrap().clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES), Client.this);
                }
            }).connect().addListener(connected -> {
                if (!connected.isSuccess()) {
                    load.errors().incrementAndGet();
                    load.bootstrap().config().group().schedule(this::connect, 100, TimeUnit.MILLISECONDS);
                }
            });
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            send(context);
        }

        private void send(ChannelHandlerContext context) {
            if (timeIsUp()) {
                context.close();
                return;
            }
            FullHttpRequest request = load.request(load.callFor().apply(next++));
            waiting = true;
            sent = System.nanoTime();
            context.writeAndFlush(request);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
            answered(response.status().code() == load.expectedStatus());
            if (HttpUtil.isKeepAlive(response)) {
                send(context);
            } else {
                context.close();
            }
        }

        private void answered(boolean asExpected) {
            waiting = false;
            load.latencies().add(System.nanoTime() - sent);
            load.requests().incrementAndGet();
            if (!asExpected) {
                load.errors().incrementAndGet();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (waiting) {
                answered(false);
            }
            connect();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }

        /** True once the time is up; the client then counts itself done, once. */
        private boolean timeIsUp() {
            if (finished) {
                return true;
            }
            if (System.nanoTime() < load.end()) {
                return false;
            }
            finished = true;
            load.done().countDown();
            return true;
        }
    }
}
