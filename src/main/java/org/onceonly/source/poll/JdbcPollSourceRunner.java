/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.onceonly.source.poll;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jdbc.DefaultJdbcPrepareStatementStrategy;
import org.apache.camel.impl.DefaultCamelContext;
import org.onceonly.schema.Operation;
import org.onceonly.source.BatchDelivery;
import org.onceonly.source.ChangeEnvelope;
import org.onceonly.source.ChangeHandler;
import org.onceonly.source.OffsetStorage;
import org.onceonly.source.SourceDefinition;
import org.onceonly.source.SourceKind;
import org.onceonly.source.SourceRunner;
import org.onceonly.source.SourceState;
import org.onceonly.source.SourceStatus;
import org.onceonly.source.TableSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures a department database that has no usable change log by polling each table on a watermark
 * column plus key, as a Camel route: a timer every {@code poll.intervalMs} → camel-jdbc running the keyset
 * query for the next table (the rows after the last (watermark, key) handed on, in that order, at most
 * {@code poll.batchSize}) → a processor that hands the rows on as the same {@link ChangeEnvelope}s the
 * Debezium runner emits and then moves the table's cursor.
 *
 * <ul>
 *   <li>The first full pass over a table is the snapshot: its rows are {@code r}. Polling cannot tell an
 *       insert from an update, so every later row is {@code u} (the pool treats both as "this is the row
 *       now"). A row whose soft-delete column holds the deleted value is {@code d}, with the row as
 *       {@code before}. Rows deleted outright are not seen at all.</li>
 *   <li>A batch's offset is stored in the pool database only after the handler returned, so a crash
 *       before that re-delivers the batch, which the pool applies idempotently (same positions).</li>
 *   <li>Each timer tick loops over the tables in turn, a batch each, so a large first pass does not hold
 *       the others back, until every table is caught up; the next tick comes {@code poll.intervalMs} later.</li>
 * </ul>
 *
 * The route ({@code poll-<source>}) runs in a small Camel context of the runner's own, named like the
 * route, with the department's connection pool bound under the same name: the runner is created by the
 * capture factory, which has no Camel context to give it, and starting and stopping a source must not
 * touch the department routes. The cursor is the query's named parameters (exchange headers), so it moves
 * only after the pool accepted a batch, and a failed batch is read again as it was.
 */
public final class JdbcPollSourceRunner implements SourceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPollSourceRunner.class);
    private static final int QUERY_TIMEOUT_SECONDS = 120;

    private final SourceDefinition definition;
    private final OffsetStorage offsetStorage;
    private final SourceStatus status;
    private final BatchDelivery delivery;
    private final String routeId;
    private HikariDataSource department;
    private PollOffsets offsets;
    private CamelContext camel;
    // Set up and used only on the route's timer thread (the department may be down when the hub starts).
    private List<TableState> tables;
    private int next;
    private boolean more;
    private TableState polling;
    private Instant polledAt;
    private Duration backoff = BatchDelivery.FIRST_BACKOFF;

    /** A polled table and where polling it stands (the stored offset, once loaded). */
    private static final class TableState {
        final PolledTable table;
        PollCursor cursor;

        TableState(PolledTable table, PollCursor cursor) {
            this.table = table;
            this.cursor = cursor;
        }
    }

    public JdbcPollSourceRunner(SourceDefinition definition, OffsetStorage offsets, ChangeHandler handler) {
        this(definition, offsets, handler, new SourceStatus(definition.id()));
    }

    public JdbcPollSourceRunner(SourceDefinition definition, OffsetStorage offsets, ChangeHandler handler, SourceStatus status) {
        if (definition.kind() != SourceKind.JDBC_POLL) {
            throw new IllegalArgumentException("source " + definition.id() + " is kind " + definition.kind().id() + ", not jdbc-poll");
        }
        this.definition = definition;
        this.offsetStorage = offsets;
        this.status = status;
        this.delivery = new BatchDelivery(definition.id(), handler, status);
        this.routeId = "poll-" + definition.id();
        status.polled();
    }

    @Override
    public SourceStatus status() {
        return status;
    }

    @Override
    public synchronized void start() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(definition.jdbcUrl());
        config.setUsername(definition.user());
        config.setPassword(definition.password().resolve());
        config.setPoolName(routeId);
        config.setMaximumPoolSize(1);
        config.setReadOnly(true);
        config.setConnectionTimeout(10_000);
        // The department may be down when the hub starts; the route keeps trying instead.
        config.setInitializationFailTimeout(-1);
        department = new HikariDataSource(config);
        offsets = new PollOffsets(offsetStorage, definition.id());
        DefaultCamelContext context = new DefaultCamelContext(false);
        context.getCamelContextExtension().setName(routeId);
        context.build(); // after naming it, so that its threads (the timer's) carry the name too
        camel = context;
        camel.getRegistry().bind(routeId, department);
        camel.getRegistry().bind(routeId + "-statements", new BoundedStatements(definition.poll().batchSize()));
        camel.getShutdownStrategy().setTimeout(30);
        camel.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        try {
            camel.addRoutes(route());
            camel.start();
        } catch (Exception e) {
            camel.stop();
            department.close();
            throw new IllegalStateException("source " + definition.id() + ": cannot start its polling route: " + e.getMessage(), e);
        }
        LOG.info("source {} ({}, department {}) started as route {}: {} table(s), every {} ms, {} rows a batch", definition.id(),
                definition.kind().id(), definition.department(), routeId, definition.tables().size(),
                definition.poll().interval().toMillis(), definition.poll().batchSize());
    }

    /** timer → (next table's keyset query → camel-jdbc → deliver and advance)* until every table is caught up. */
    private RouteBuilder route() {
        int batchSize = definition.poll().batchSize();
        // Not a daemon thread, so that the JVM waits for an in-flight batch unless the runner is closed.
        String timer = "timer:" + routeId + "?delay=0&daemon=false&period=" + definition.poll().interval().toMillis();
        String jdbc = "jdbc:" + routeId + "?useHeadersAsParameters=true&useGetBytesForBlob=true&readSize=" + batchSize
                + "&prepareStatementStrategy=#" + routeId + "-statements";
        return new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true).process(JdbcPollSourceRunner.this::failed);
                from(timer).routeId(routeId)
                        .process(exchange -> setUp())
                        .loopDoWhile(JdbcPollSourceRunner.this::nextQuery)
                            .to(jdbc)
                            .process(JdbcPollSourceRunner.this::handOn)
                        .end()
                        .process(exchange -> caughtUp());
            }
        };
    }

    /**
     * camel-jdbc's named parameters, on a statement that fetches a batch at a time and gives up after
     * {@value #QUERY_TIMEOUT_SECONDS} s (camel-jdbc applies its {@code statement.*} options only to
     * statements without parameters).
     */
    private static final class BoundedStatements extends DefaultJdbcPrepareStatementStrategy {
        private final int fetchSize;

        BoundedStatements(int batchSize) {
            this.fetchSize = Math.min(batchSize, 1000);
        }

        @Override
        public void populateStatement(PreparedStatement statement, Iterator<?> parameters, int expected) throws SQLException {
            statement.setFetchSize(fetchSize);
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            super.populateStatement(statement, parameters, expected);
        }
    }

    /** Describes every table and loads its stored offset, once; {@code snapshot: never} starts a new table at its end. */
    private void setUp() throws SQLException {
        next = 0;
        more = false;
        if (tables != null) {
            return;
        }
        offsets.createTable();
        List<TableState> states = new ArrayList<>();
        try (Connection connection = department.getConnection()) {
            for (TableSpec spec : definition.tables()) {
                PolledTable table = PolledTable.describe(connection, spec);
                PollCursor cursor = offsets.load(table.name()).map(table::restore).orElse(null);
                if (cursor == null && "never".equals(definition.snapshot())) {
                    List<PolledTable.Row> last = table.readLast(connection);
                    cursor = last.isEmpty() ? PollCursor.start().withInitialPassDone() : table.cursorAfter(last.get(0), true);
                    offsets.store(table.name(), table.store(cursor));
                }
                states.add(new TableState(table, cursor == null ? PollCursor.start() : cursor));
            }
        }
        showState(states);
        LOG.info("source {}: polling {}", definition.id(), states.stream()
                .map(s -> s.table.name() + (s.cursor.initialPassDone() ? "" : s.cursor.atStart() ? " (first pass)" : " (resuming first pass)"))
                .toList());
        tables = states;
    }

    /**
     * Puts the next table's keyset query in the exchange (SQL as body, cursor as headers); false once a
     * round over all tables found every one caught up, or the source is stopping.
     */
    private boolean nextQuery(Exchange exchange) {
        if (delivery.isStopping()) {
            return false;
        }
        if (next == tables.size()) {
            if (!more) {
                return false;
            }
            roundDone();
            next = 0;
            more = false;
        }
        polling = tables.get(next++);
        polledAt = Instant.now();
        try {
            PolledTable.Query query = polling.table.queryAfter(polling.cursor, definition.poll().batchSize());
            exchange.getIn().removeHeaders(PolledTable.Query.PARAMETER + "*");
            exchange.getIn().getHeaders().putAll(query.parameters());
            exchange.getIn().setBody(query.sql());
            return true;
        } catch (RuntimeException e) {
            exchange.setException(e); // handled like a failed query
            return false;
        }
    }

    /** Hands on the rows camel-jdbc read for the table being polled, then moves its cursor past them. */
    private void handOn(Exchange exchange) throws SQLException, InterruptedException {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> result = exchange.getIn().getBody(List.class);
        TableState state = polling;
        List<PolledTable.Row> rows = new ArrayList<>(result.size());
        for (Map<String, Object> values : result) {
            rows.add(state.table.row(values));
        }
        int batchSize = definition.poll().batchSize();
        boolean caughtUp = rows.size() < batchSize;
        boolean snapshot = !state.cursor.initialPassDone();
        if (rows.isEmpty()) {
            if (snapshot) {
                advance(state, state.cursor.withInitialPassDone());
                showState(tables);
            }
            return;
        }
        List<ChangeEnvelope> batch = new ArrayList<>(rows.size());
        for (PolledTable.Row row : rows) {
            batch.add(envelope(state.table, row, snapshot, polledAt));
        }
        delivery.deliver(batch);
        advance(state, state.table.cursorAfter(rows.get(rows.size() - 1), !snapshot || caughtUp));
        ChangeEnvelope last = batch.get(batch.size() - 1);
        status.applied(batch.size(), last.source().position(), last.source().ts());
        showState(tables);
        more |= !caughtUp;
    }

    /** A round over every table went through: polling works again. */
    private void roundDone() {
        showState(tables);
        status.captureRecovered();
        backoff = BatchDelivery.FIRST_BACKOFF;
    }

    /** Every table read up to its end: the pool is this current; the timer's next tick polls again. */
    private void caughtUp() {
        if (!delivery.isStopping()) {
            status.passCompleted();
        }
        roundDone();
    }

    /**
     * A failure (department or pool unreachable, a table changed): shown on the status and retried with
     * back-off, from the first table; the cursor stays where the last accepted batch left it.
     */
    private void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (delivery.isStopping() || e instanceof InterruptedException) {
            return;
        }
        Throwable cause = e.getCause() instanceof SQLException ? e.getCause() : e;
        status.captureFailing(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        LOG.warn("source {}: polling failed, trying again in {} ms: {}", definition.id(), backoff.toMillis(), status.lastError());
        try {
            delivery.pause(backoff);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        }
        backoff = BatchDelivery.doubled(backoff, BatchDelivery.MAX_BACKOFF);
    }

    /** Stores the new cursor, then moves to it: if storing fails, the next poll reads the same rows again. */
    private void advance(TableState state, PollCursor next) throws SQLException {
        offsets.store(state.table.name(), state.table.store(next));
        if (next.initialPassDone() && !state.cursor.initialPassDone()) {
            LOG.info("source {}: first pass over {} complete", definition.id(), state.table.name());
        }
        state.cursor = next;
    }

    private ChangeEnvelope envelope(PolledTable table, PolledTable.Row row, boolean snapshot, Instant polledAt) {
        Instant ts = table.watermarkKind().instant(row.watermark(), definition.poll().timeZone()).orElse(polledAt);
        Operation op = row.deleted() ? Operation.DELETE : snapshot ? Operation.READ : Operation.UPDATE;
        return new ChangeEnvelope(op, row.deleted() ? row.image() : null, row.deleted() ? null : row.image(), row.key(),
                new ChangeEnvelope.Source(definition.id(), definition.department(), table.name(), table.position(row), ts, snapshot));
    }

    private void showState(List<TableState> states) {
        if (states != null) {
            status.state(states.stream().allMatch(s -> s.cursor.initialPassDone()) ? SourceState.STREAMING : SourceState.SNAPSHOTTING);
        }
    }

    /** Stops polling: a back-off wait ends at once, a batch being handed on is waited for (up to 30 s). */
    @Override
    public synchronized void close() {
        delivery.stop();
        if (camel != null) {
            camel.stop();
        }
        if (department != null) {
            department.close();
        }
        if (offsets != null) {
            offsets.close();
        }
        status.state(SourceState.STOPPED);
        LOG.info("source {} stopped", definition.id());
    }
}
