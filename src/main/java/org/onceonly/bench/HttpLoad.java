package org.onceonly.bench;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A closed-loop HTTP load: {@code clients} threads, each sending its next request as soon as the last one
 * answered, for a fixed time. Every answer's latency is kept; answers with another status than the
 * expected one count as errors (and their latency too, so errors cannot flatter the numbers).
 */
final class HttpLoad {
    private HttpLoad() {}

    record Result(long requests, long errors, double perSecond, Latencies latencies) {}

    /** {@code requestFor} builds request number {@code n} (each client numbers its own requests). */
    static Result run(HubHttp http, int clients, Duration duration, LongFunction<HttpRequest> requestFor, int expectedStatus)
            throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int c = 0; c < clients; c++) {
            long seed = c;
            Thread thread = new Thread(() -> {
                Latencies own = new Latencies();
                long n = seed * 1_000_003L;
                while (System.nanoTime() < end) {
                    HttpRequest request = requestFor.apply(n++);
                    long sent = System.nanoTime();
                    HubHttp.Reply reply = http.send(request);
                    own.add(System.nanoTime() - sent);
                    requests.incrementAndGet();
                    if (reply.status() != expectedStatus) {
                        errors.incrementAndGet();
                    }
                }
                latencies.addAll(own);
            }, "bench-http-client-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(requests.get(), errors.get(), requests.get() / seconds, latencies);
    }
}
