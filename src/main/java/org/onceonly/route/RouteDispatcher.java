/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.route;

import java.util.List;
import org.apache.camel.Exchange;
import org.onceonly.identity.Masking;
import org.onceonly.schema.CanonicalBatch;
import org.onceonly.schema.CanonicalChange;
import org.onceonly.schema.CanonicalRecordException;
import org.onceonly.schema.CanonicalSink;
import org.onceonly.schema.CompletedSnapshot;
import org.onceonly.schema.FieldViolation;
import org.onceonly.schema.Origin;
import org.onceonly.schema.Rejection;
import org.onceonly.schema.SinkException;
import org.onceonly.source.ChangeEnvelope;
import org.onceonly.source.ChangeHandler;

/**
 * Runs each source change through the route that consumes its {@code dept:} endpoint, synchronously and in
 * source order, and hands the whole batch's outcome to the sink: canonical changes to apply, and
 * rejections (mapping or validation failures, or no route at all) to quarantine. A bad record never stops
 * the source.
 */
public final class RouteDispatcher implements ChangeHandler {
    /** The reason a change the pool refused is quarantined with, before the database's message. */
    public static final String POOL_REJECTED = "pool_rejected";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RouteDispatcher.class);
    private final DeptComponent dept;
    private final CanonicalSink sink;

    public RouteDispatcher(DeptComponent dept, CanonicalSink sink) {
        this.dept = dept;
        this.sink = sink;
    }

    @Override
    public void handle(List<ChangeEnvelope> changes) {
        handle(changes, null);
    }

    /**
     * Routes the changes and hands the batch to the sink. When the sink refuses the batch's data
     * ({@link SinkException#refused()}: a constraint, a trigger, a value it cannot store), retrying it unchanged
     * would fail for ever and stop the source; so the batch is split in halves, in source order, until the
     * change the sink refuses is alone. That change is quarantined with the sink's reason ({@code pool_rejected})
     * and the rest commits. Other failures go to the caller, which retries the batch.
     */
    @Override
    public void handle(List<ChangeEnvelope> changes, CompletedSnapshot completed) {
        CanonicalBatch batch = new CanonicalBatch();
        for (ChangeEnvelope change : changes) {
            dispatch(change, batch);
        }
        if (completed != null) {
            batch.completes(completed);
        }
        try {
            sink.accept(batch);
        } catch (SinkException e) {
            if (!e.refused() || changes.isEmpty()) {
                throw e;
            }
            if (changes.size() == 1) {
                quarantineRefused(changes.get(0), completed, e);
                return;
            }
            int half = changes.size() / 2;
            handle(changes.subList(0, half), null);
            handle(changes.subList(half, changes.size()), completed);
        }
    }

    private void quarantineRefused(ChangeEnvelope change, CompletedSnapshot completed, SinkException refusal) {
        CanonicalBatch alone = new CanonicalBatch();
        alone.reject(new Rejection(change.origin(), null, change.toJson(),
                List.of(new FieldViolation("(pool)", POOL_REJECTED + ": " + Masking.maskIdentityNumbers(refusal.storeMessage())))));
        if (completed != null) {
            alone.completes(completed);
        }
        sink.accept(alone);
        LOG.warn("source {}: the pool refused the change at {} ({}); quarantined, the rest of its batch applied",
                change.source().id(), change.origin().position(), Masking.maskIdentityNumbers(refusal.storeMessage()));
    }

    /** Runs one change through its route, adding the outcome to the batch. */
    public void dispatch(ChangeEnvelope change, CanonicalBatch batch) {
        Origin origin = change.origin();
        if (origin.sourceKey().indexOf('\u0000') >= 0) {
            // The pool keys a row's contribution by its key as text, which PostgreSQL cannot store with U+0000.
            batch.reject(new Rejection(origin, null, change.toJson(), List.of(new FieldViolation("(key)",
                    "the row's key contains the character U+0000 (NUL), which the pool cannot store"))));
            return;
        }
        DeptConsumer consumer = dept.consumerFor(change.source().id(), change.source().table()).orElse(null);
        if (consumer == null) {
            batch.reject(new Rejection(origin, null, change.toJson(), List.of(new FieldViolation("(route)",
                    "no route starts at dept:" + change.source().id() + "?table=" + change.source().table()))));
            return;
        }
        Exchange exchange = consumer.createExchange(false);
        try {
            exchange.setProperty(RouteExchange.ORIGIN, origin);
            // Created up front so that copies of the exchange (multicast, split) add to the same list.
            exchange.setProperty(RouteExchange.PENDING, new java.util.concurrent.CopyOnWriteArrayList<CanonicalChange>());
            exchange.getMessage().setHeader(RouteExchange.OPERATION, change.op());
            exchange.getMessage().setHeader(RouteExchange.SOURCE_ID, change.source().id());
            exchange.getMessage().setHeader(RouteExchange.DEPARTMENT, change.source().department());
            exchange.getMessage().setHeader(RouteExchange.TABLE, change.source().table());
            exchange.getMessage().setBody(change.row());
            try {
                consumer.getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            String routeId = exchange.getFromRouteId();
            if (exchange.getException() != null) {
                batch.reject(new Rejection(origin, routeId, change.toJson(), reasons(exchange.getException())));
                return;
            }
            for (CanonicalChange canonical : RouteExchange.pending(exchange)) {
                batch.add(canonical);
            }
        } finally {
            consumer.releaseExchange(exchange, false);
        }
    }

    static List<FieldViolation> reasons(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof CanonicalRecordException invalid) {
                return invalid.violations();
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return List.of(new FieldViolation("(route)", Masking.maskIdentityNumbers(message)));
    }
}
