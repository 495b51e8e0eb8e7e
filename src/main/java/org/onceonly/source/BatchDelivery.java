/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.onceonly.schema.CompletedSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a batch to the {@link ChangeHandler} until it succeeds, backing off exponentially (200 ms doubling
 * to 30 s, each wait jittered by ±50 % so that sources failing together, a deadlock's two sides say, do not
 * retry in step): a failing pool (restart, network) delays a source, and nothing is acknowledged meanwhile.
 * Shared by every runner so that all source kinds retry alike. (A change the pool refuses outright is
 * quarantined by the handler, not retried: see {@code RouteDispatcher}.)
 */
public final class BatchDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(BatchDelivery.class);
    public static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String sourceId;
    private final ChangeHandler handler;
    private final SourceStatus status;
    // Counted down by stop(): wakes a back-off wait at once instead of letting close() wait it out.
    private final CountDownLatch stopped = new CountDownLatch(1);

    public BatchDelivery(String sourceId, ChangeHandler handler, SourceStatus status) {
        this.sourceId = sourceId;
        this.handler = handler;
        this.status = status;
    }

    /**
     * Returns once the handler accepted the batch.
     *
     * @throws InterruptedException when the source is stopping before the handler accepted it; the batch
     *                              is then not acknowledged
     */
    public void deliver(List<ChangeEnvelope> batch) throws InterruptedException {
        deliver(batch, null);
    }

    /** As {@link #deliver(List)}, for a batch that ends a full snapshot ({@code completed} non-null). */
    public void deliver(List<ChangeEnvelope> batch, CompletedSnapshot completed) throws InterruptedException {
        status.received(batch.stream().map(change -> change.source().ts()).min(java.util.Comparator.naturalOrder()).orElse(null));
        try {
            deliverUntilAccepted(batch, completed);
        } finally {
            status.settled(); // committed, or left for the next runner to read again
        }
    }

    private void deliverUntilAccepted(List<ChangeEnvelope> batch, CompletedSnapshot completed) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        boolean failing = false;
        while (true) {
            try {
                if (completed == null) {
                    handler.handle(batch);
                } else {
                    handler.handle(batch, completed);
                }
                if (failing) {
                    status.deliveryRecovered();
                    LOG.info("source {}: delivering resumed", sourceId);
                }
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (isStopping()) {
                    throw new InterruptedException("source " + sourceId + " is closing; batch not acknowledged");
                }
                // The source stays RETRYING until a batch is accepted, also while the next attempt runs.
                failing = true;
                status.deliveryFailing(e);
                Duration wait = jittered(backoff);
                LOG.warn("source {}: delivering {} changes failed, retrying in {} ms: {}", sourceId,
                        batch.size(), wait.toMillis(), status.lastError());
                if (pause(wait)) {
                    throw new InterruptedException("source " + sourceId + " is closing; batch not acknowledged");
                }
                backoff = doubled(backoff, MAX_BACKOFF);
            }
        }
    }

    /** The next back-off after {@code backoff}: twice as long, at most {@code max}. */
    public static Duration doubled(Duration backoff, Duration max) {
        Duration twice = backoff.multipliedBy(2);
        return twice.compareTo(max) > 0 ? max : twice;
    }

    /** A back-off of half to one and a half times {@code backoff}. */
    static Duration jittered(Duration backoff) {
        return Duration.ofMillis((long) (backoff.toMillis() * (0.5 + java.util.concurrent.ThreadLocalRandom.current().nextDouble())));
    }

    /** Waits up to {@code duration}; returns true at once if the source is stopping. */
    public boolean pause(Duration duration) throws InterruptedException {
        return stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isStopping() {
        return stopped.getCount() == 0;
    }

    /**
     * The thread a source's runner works on: named after the source, and not a daemon, so that the JVM
     * waits for an in-flight batch unless the runner is closed.
     */
    public static java.util.concurrent.ExecutorService sourceThread(String sourceId) {
        return java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "source-" + sourceId);
            thread.setDaemon(false);
            return thread;
        });
    }

    /** Ends any back-off wait; a batch the handler has not yet accepted stays unacknowledged. */
    public void stop() {
        stopped.countDown();
    }
}
