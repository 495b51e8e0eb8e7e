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
import org.onceonly.source.ChangeEnvelope;
import org.onceonly.source.ChangeHandler;

/**
 * Runs each source change through the route that consumes its {@code dept:} endpoint, synchronously and in
 * source order, and hands the whole batch's outcome to the sink: canonical changes to apply, and
 * rejections (mapping or validation failures, or no route at all) to quarantine. A bad record never stops
 * the source.
 */
public final class RouteDispatcher implements ChangeHandler {
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

    @Override
    public void handle(List<ChangeEnvelope> changes, CompletedSnapshot completed) {
        CanonicalBatch batch = new CanonicalBatch();
        for (ChangeEnvelope change : changes) {
            dispatch(change, batch);
        }
        if (completed != null) {
            batch.completes(completed);
        }
        sink.accept(batch);
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
